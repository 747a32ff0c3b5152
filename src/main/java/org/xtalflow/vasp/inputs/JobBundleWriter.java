package org.xtalflow.vasp.inputs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;

/**
 * Writes one candidate's job bundle: INCAR, KPOINTS, POSCAR, POTCAR (from the user's library) or
 * POTCAR.spec, job.sh from the scheduler's template, and manifest.json. Everything is rendered in
 * memory first (so a template or POTCAR problem fails before any file exists), written to a hidden
 * temporary directory beside the target, then moved into place: an error never leaves a partial
 * bundle. An existing bundle of the same candidate is replaced.
 *
 * <p>Job templates are {@code <templatesDir>/jobs/<scheduler>.sh}; the POTCAR.spec assembly
 * snippet is {@code <templatesDir>/jobs/potcar-assemble.sh}. Placeholders: candidate_id, job_name,
 * input_set, partition, account, partition_line, account_line, nodes, ntasks, tasks_per_node,
 * walltime, module_loads, vasp_command, vasp_command_quoted (the same, single-quoted for the shell),
 * potcar_library, potcar_dir, potcar_functional, potcar_assembly, and for the flow snippet
 * {@code <templatesDir>/jobs/vasp-flow.sh} (rendered into vasp_flow): flow_steps,
 * walltime_margin_s, watch_interval_s.
 */
public final class JobBundleWriter {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path templatesDir;
    private final BatchSystem scheduler;
    private final JobResources resources;
    private final PotcarLibrary potcarLibrary; // null: write POTCAR.spec
    private final Template jobTemplate;
    private final Template assemblyTemplate;
    private final Template flowTemplate;
    private final JobFlow flow;

    /**
     * A writer for MP's default flow ({@link JobFlow#defaults()}).
     *
     * @param potcarLibrary the user's POTCAR library, or null to write POTCAR.spec instead
     */
    public JobBundleWriter(
            Path templatesDir, BatchSystem scheduler, JobResources resources, PotcarLibrary potcarLibrary) {
        this(templatesDir, scheduler, resources, potcarLibrary, JobFlow.defaults());
    }

    /**
     * @param potcarLibrary the user's POTCAR library, or null to write POTCAR.spec instead
     * @param flow          the steps the job runs ({@code <templatesDir>/jobs/vasp-flow.sh} runs them)
     */
    public JobBundleWriter(
            Path templatesDir,
            BatchSystem scheduler,
            JobResources resources,
            PotcarLibrary potcarLibrary,
            JobFlow flow) {
        if (scheduler == BatchSystem.LOCAL) {
            throw new VaspInputException("job scripts are written for slurm or pbs (templates/jobs/<scheduler>.sh); "
                    + "a local cluster runs either as a plain shell script");
        }
        if (!resources.complete()) {
            throw new VaspInputException("a job script needs every job resource set (vasp.job), got " + resources);
        }
        this.flow = flow;
        this.templatesDir = templatesDir;
        this.scheduler = scheduler;
        this.resources = resources;
        this.potcarLibrary = potcarLibrary;
        this.jobTemplate = Template.load(templatesDir.resolve("jobs").resolve(scheduler.configName() + ".sh"));
        // the flow snippet is needed only by job templates that use it (older custom templates run VASP themselves)
        this.flowTemplate = jobTemplate.placeholders().contains("vasp_flow")
                ? Template.load(templatesDir.resolve("jobs").resolve("vasp-flow.sh"))
                : null;
        this.assemblyTemplate = potcarLibrary == null
                ? Template.load(templatesDir.resolve("jobs").resolve("potcar-assemble.sh"))
                : null;
    }

    public Path templatesDir() {
        return templatesDir;
    }

    /** Writes {@code <outDir>/<candidateId>/} for the inputs and returns it. */
    public JobBundle write(Path outDir, String candidateId, VaspInput input) {
        requireSafeId(candidateId);
        // 1. everything in memory: any failure here leaves no trace on disk
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("INCAR", utf8(input.incar().toText()));
        files.put("KPOINTS", utf8(input.kpoints().toText()));
        files.put("POSCAR", utf8(input.poscarText()));
        String mode;
        if (potcarLibrary != null) {
            files.put("POTCAR", potcarLibrary.assemble(input.potcarSymbols(), input.potcarFunctional()));
            mode = "bundled";
        } else {
            files.put("POTCAR.spec", utf8(input.potcarSpecText()));
            mode = "spec";
        }
        List<String> steps = steps(input);
        if (steps.size() > 1 && steps.get(steps.size() - 1).equals("static")) {
            VaspInput st = staticInput(input);
            files.put("INCAR.static", utf8(st.incar().toText()));
            files.put("KPOINTS.static", utf8(st.kpoints().toText()));
        }
        files.put(JobBundle.JOB_SCRIPT, utf8(jobScript(candidateId, input, steps)));
        Map<String, String> hashes = new HashMap<>();
        files.forEach((name, data) -> hashes.put(name, BundleManifest.sha256(data)));
        BundleManifest manifest = new BundleManifest(
                candidateId,
                input.setName(),
                scheduler.configName(),
                input.potcarFunctional(),
                input.potcarSymbols(),
                mode,
                hashes);
        files.put(BundleManifest.FILE_NAME, manifest.toJson());
        return new JobBundle(writeAtomically(outDir, candidateId, files), candidateId, manifest);
    }

    /** A candidate id names a directory and a scheduler job: 1-128 of letters, digits, '.', '_', '-'. */
    public static void requireSafeId(String candidateId) {
        if (candidateId == null || !SAFE_ID.matcher(candidateId).matches()) {
            throw new VaspInputException(
                    "candidate id '" + candidateId
                            + "' must be 1-128 characters of letters, digits, '.', '_' or '-' (it names a directory and a job)");
        }
    }

    /**
     * Writes {@code <outDir>/<candidateId>/} holding exactly {@code files} (name → bytes; job.sh
     * executable): into a hidden temporary directory beside the target, then one move, so an error
     * never leaves a partial bundle. An existing directory of the same candidate is replaced. Shared
     * by every engine's bundle writer.
     */
    public static Path writeAtomically(Path outDir, String candidateId, Map<String, byte[]> files) {
        requireSafeId(candidateId);
        Path target = outDir.resolve(candidateId);
        Path tmp = null;
        try {
            Files.createDirectories(outDir);
            tmp = Files.createTempDirectory(outDir, "." + candidateId + ".");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            permissions(tmp, "rwxr-xr-x");
            for (String name : files.keySet()) {
                permissions(tmp.resolve(name), name.equals(JobBundle.JOB_SCRIPT) ? "rwxr-xr-x" : "rw-r--r--");
            }
            if (Files.exists(target)) {
                deleteTree(target);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new VaspInputException(
                        "bundle " + target + " appeared while writing it (two writers for one candidate?)", e);
            }
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write job bundle " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** The flow's steps, or one "static" step for a set that relaxes nothing (NSW = 0). */
    private List<String> steps(VaspInput input) {
        Object nsw = input.incar().get("NSW");
        return nsw instanceof Number n && n.intValue() > 0 ? flow.steps() : List.of("static");
    }

    /**
     * The static step's inputs: the relaxation's INCAR with MPStaticSet's changes, and its
     * k-point density on the starting structure (the relaxed one is only known on the cluster; a
     * few per cent of volume rarely changes the mesh). Tetrahedron smearing needs 4 k-points.
     */
    static VaspInput staticInput(VaspInput relax) {
        Incar incar = new Incar(relax.incar().tags());
        JobFlow.staticIncarUpdates().forEach(incar::put);
        Kpoints k = Kpoints.automaticDensityByVolume(
                relax.structure(),
                JobFlow.staticReciprocalDensity(),
                relax.kpoints().style() == Kpoints.Style.GAMMA,
                false);
        if (k.totalPoints() < 4 && incar.get("ISMEAR") instanceof Number n && n.intValue() == -5) {
            incar.put("ISMEAR", 0);
        }
        return new VaspInput(
                relax.setName() + "+static",
                relax.structure(),
                incar,
                k,
                relax.siteSymbols(),
                relax.potcarSymbols(),
                relax.potcarFunctional());
    }

    private String jobScript(String candidateId, VaspInput input, List<String> steps) {
        Map<String, String> v = schedulerPlaceholders(scheduler, resources, candidateId, input.setName());
        v.put("potcar_functional", input.potcarFunctional());
        v.put("potcar_dir", PotcarLibrary.functionalDirectory(input.potcarFunctional()));
        v.put("potcar_assembly", "# POTCAR is part of the bundle");
        if (assemblyTemplate != null) {
            v.put("potcar_assembly", assemblyTemplate.render(v).stripTrailing());
        }
        v.put("flow_steps", String.join(" ", steps));
        v.put("walltime_margin_s", Integer.toString(flow.walltimeMarginS()));
        v.put("watch_interval_s", Integer.toString(flow.watchIntervalS()));
        if (flowTemplate != null) {
            v.put("vasp_flow", flowTemplate.render(v).stripTrailing());
        }
        return jobTemplate.render(v);
    }

    /**
     * The placeholders every engine's job script shares: the resources' own, candidate_id, job_name,
     * input_set, partition_line, account_line and tasks_per_node in the scheduler's directive syntax.
     */
    public static Map<String, String> schedulerPlaceholders(
            BatchSystem scheduler, JobResources resources, String candidateId, String inputSet) {
        Map<String, String> v = new HashMap<>(resources.placeholders());
        v.put("candidate_id", candidateId);
        v.put("job_name", candidateId);
        v.put("input_set", inputSet);
        v.put(
                "partition_line",
                resources.partition().isEmpty()
                        ? "# default partition/queue"
                        : (scheduler == BatchSystem.PBS ? "#PBS -q " : "#SBATCH --partition=") + resources.partition());
        v.put(
                "account_line",
                resources.account().isEmpty()
                        ? "# no account"
                        : (scheduler == BatchSystem.PBS ? "#PBS -A " : "#SBATCH --account=") + resources.account());
        v.put("tasks_per_node", Integer.toString((resources.ntasks() + resources.nodes() - 1) / resources.nodes()));
        return v;
    }

    /** POSIX permissions where the file system has them (temp directories start as rwx------). */
    static void permissions(Path p, String perms) throws IOException {
        if (Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
