package org.xtalflow.vasp.errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;
import org.xtalflow.vasp.outputs.VaspFiles;

/**
 * A run folder between attempts: what the failed attempt used ({@link #context}), and the
 * corrections applied to its inputs for the next attempt ({@link #apply}). The input set's own
 * INCAR and KPOINTS are kept once as {@code INCAR.set} and {@code KPOINTS.set} (the reference of
 * the physics lock), and every correction is appended to {@code xtalflow-corrections.log}
 * ({@code attempt<TAB>keys<TAB>actions}), which is how the next failure knows how often each
 * error was corrected before.
 */
public final class NextAttempt {

    public static final String LOG = "xtalflow-corrections.log";
    /** The job script's mark of a finished step (templates/jobs/vasp-flow.sh). */
    public static final String DONE_MARKER = "xtalflow-done";

    private NextAttempt() {}

    /** The folder's INCAR (empty when absent), KPOINTS (null when absent or not a mesh), CONTCAR state and history. */
    public static RunContext context(Path folder, Diagnosis d, int mpiTasks) {
        Incar incar = readIncar(folder.resolve("INCAR"));
        Kpoints k = readKpoints(folder.resolve("KPOINTS"));
        int nsites = 0;
        Path poscar = folder.resolve("POSCAR");
        if (Files.isRegularFile(poscar)) {
            try {
                nsites = Poscar.read(poscar).structure().size();
            } catch (BadInputException e) {
                nsites = 0;
            }
        }
        return new RunContext(
                incar == null ? new Incar() : incar,
                k,
                validContcar(folder.resolve("CONTCAR")),
                d.facts(),
                correctedCounts(folder),
                mpiTasks,
                nsites);
    }

    /** The input set's INCAR for the lock: INCAR.set when kept, else the folder's INCAR (empty when none). */
    public static Incar referenceIncar(Path folder) {
        Incar i = readIncar(folder.resolve("INCAR.set"));
        if (i == null) {
            i = readIncar(folder.resolve("INCAR"));
        }
        return i == null ? new Incar() : i;
    }

    public static Kpoints referenceKpoints(Path folder) {
        Kpoints k = readKpoints(folder.resolve("KPOINTS.set"));
        return k != null ? k : readKpoints(folder.resolve("KPOINTS"));
    }

    /**
     * Applies the plan's input actions to the folder in place (INCAR, KPOINTS, CONTCAR to POSCAR,
     * deletions) and logs them; returns the scheduler factors (walltime, memory per task) the next
     * job should get, 1.0 for unchanged.
     */
    public static ResourceChange apply(Path folder, CorrectionPlan plan, int attempt) {
        try {
            keepOnce(folder.resolve("INCAR"), folder.resolve("INCAR.set"));
            keepOnce(folder.resolve("KPOINTS"), folder.resolve("KPOINTS.set"));
            Incar incar = readIncar(folder.resolve("INCAR"));
            incar = incar == null ? new Incar() : incar;
            Kpoints k = readKpoints(folder.resolve("KPOINTS"));
            double walltime = 1;
            double memory = 1;
            for (Action a : plan.actions()) {
                switch (a.type()) {
                    case SET_TAG -> incar.put(a.target(), a.value());
                    case UNSET_TAG -> incar.remove(a.target());
                    case KPOINTS_STYLE -> k = k == null ? null : k.withStyle((Kpoints.Style) a.value());
                    case KPOINTS_MESH -> k = k == null ? null : k.withMesh((int[]) a.value());
                    case RESTART_FROM_CONTCAR ->
                        Files.copy(
                                folder.resolve("CONTCAR"),
                                folder.resolve("POSCAR"),
                                StandardCopyOption.REPLACE_EXISTING);
                    case DELETE_FILE -> Files.deleteIfExists(folder.resolve(a.target()));
                    case MORE_WALLTIME -> walltime *= ((Number) a.value()).doubleValue();
                    case MORE_MEMORY -> memory *= ((Number) a.value()).doubleValue();
                }
            }
            Files.writeString(folder.resolve("INCAR"), incar.toText(), StandardCharsets.UTF_8);
            // a step the job script marked finished runs again once its outputs were found wanting
            Files.deleteIfExists(folder.resolve(DONE_MARKER));
            Files.deleteIfExists(folder.resolve(RunFiles.WALLTIME_MARKER));
            Files.deleteIfExists(folder.resolve("STOPCAR"));
            if (k != null) {
                Files.writeString(folder.resolve("KPOINTS"), k.toText(), StandardCharsets.UTF_8);
            }
            String line = attempt + "\t" + String.join(",", plan.errors()) + "\t"
                    + String.join(
                            "; ", plan.actions().stream().map(Action::describe).toList()) + "\n";
            Files.writeString(
                    folder.resolve(LOG),
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new ResourceChange(walltime, memory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the next attempt in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Scheduler factors for the next job. */
    public record ResourceChange(double walltimeFactor, double memoryFactor) {

        /**
         * The next job's resources: walltime times the factor up to {@code maxWalltime}, and for
         * more memory per task the same tasks over more nodes, up to {@code maxNodes}.
         */
        public org.xtalflow.config.JobResources apply(
                org.xtalflow.config.JobResources r, String maxWalltime, int maxNodes) {
            long max = seconds(maxWalltime);
            long wt = Math.min(max, Math.round(seconds(r.walltime()) * walltimeFactor));
            int nodes = (int) Math.min(maxNodes, Math.max(r.nodes(), Math.round(r.nodes() * memoryFactor)));
            return new org.xtalflow.config.JobResources(
                    r.partition(),
                    r.account(),
                    nodes,
                    r.ntasks(),
                    walltimeFactor == 1 ? r.walltime() : hms(wt),
                    r.modules(),
                    r.vaspCommand(),
                    r.potcarLibrary(),
                    r.schedulerOptions());
        }

        /** Seconds of a D-HH:MM:SS or HH:MM:SS walltime. */
        static long seconds(String walltime) {
            String[] dh = walltime.split("-");
            String[] t = dh[dh.length - 1].split(":");
            long s = Long.parseLong(t[0]) * 3600 + Long.parseLong(t[1]) * 60 + Long.parseLong(t[2]);
            return dh.length == 2 ? s + Long.parseLong(dh[0]) * 86400 : s;
        }

        static String hms(long s) {
            return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        }
    }

    /** How often each error key was corrected before in this folder (from the corrections log). */
    public static Map<String, Integer> correctedCounts(Path folder) {
        Map<String, Integer> counts = new HashMap<>();
        Path log = folder.resolve(LOG);
        if (!Files.isRegularFile(log)) {
            return counts;
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (String l : lines) {
                String[] cols = l.split("\t", -1);
                if (cols.length >= 2) {
                    for (String key : cols[1].split(",")) {
                        if (!key.isBlank()) {
                            counts.merge(key.strip(), 1, Integer::sum);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        }
        return counts;
    }

    private static void keepOnce(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from) && !Files.exists(to)) {
            Files.copy(from, to);
        }
    }

    private static Incar readIncar(Path f) {
        return Files.isRegularFile(f) ? Incar.parse(VaspFiles.readText(f), f.toString()) : null;
    }

    private static Kpoints readKpoints(Path f) {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Kpoints.parse(VaspFiles.readText(f), f.toString());
        } catch (BadInputException e) {
            return null; // KSPACING or an explicit list: the mesh corrections do not apply
        }
    }

    /** A CONTCAR that holds a structure (VASP writes an empty or partial one when it dies early). */
    static boolean validContcar(Path f) {
        if (!Files.isRegularFile(f)) {
            return false;
        }
        try {
            return Poscar.read(f).structure().size() > 0;
        } catch (BadInputException e) {
            return false;
        }
    }
}
