package org.xtalflow.vasp.errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.outputs.Oszicar;
import org.xtalflow.vasp.outputs.Outcar;
import org.xtalflow.vasp.outputs.VaspFiles;
import org.xtalflow.vasp.outputs.Vasprun;

/**
 * Finds what went wrong in a VASP run: {@link #check(Path)} takes a run folder or one output file
 * (standard output or error, OSZICAR, OUTCAR, vasprun.xml; gzipped or not) and returns every
 * error of {@link VaspMessages} and {@link RunErrors} it shows. In a folder the INCAR, when
 * present, gives NELM, EDIFF, ISMEAR, ISYM and NELECT, and custodian's exceptions apply: BRMIX is
 * expected for charged cells (NELECT set), the k-mesh class warning ({@code mesh_symmetry}) does not
 * matter with symmetry off or once the run converged, the smearing check needs ISMEAR &gt;= 0.
 *
 * <p>A single file named like none of these is refused ({@link BadInputException}); inside a
 * folder an unreadable output becomes a warning so that the other files still speak.
 */
public final class RunChecker {

    private final CheckOptions options;

    public RunChecker(CheckOptions options) {
        this.options = options;
    }

    public RunChecker() {
        this(CheckOptions.defaults());
    }

    public Diagnosis check(Path path) {
        if (Files.isDirectory(path)) {
            return checkFolder(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(path.toString(), 0, "no such file or folder");
        }
        if (RunFiles.kind(path) == RunFiles.Kind.OTHER) {
            throw new BadInputException(
                    path.toString(),
                    0,
                    "not a VASP run file this check knows: name it vasp.out, "
                            + "std_err.txt, *.out/*.err, OSZICAR, OUTCAR or vasprun.xml (gzipped or not), or pass the run folder");
        }
        Accumulator acc = new Accumulator(null);
        acc.file(path, true);
        return acc.result(path);
    }

    private Diagnosis checkFolder(Path folder) {
        Incar incar = null;
        List<String> warnings = new ArrayList<>();
        Path incarFile = folder.resolve("INCAR");
        if (Files.isRegularFile(incarFile)) {
            try {
                incar = Incar.parse(VaspFiles.readText(incarFile), incarFile.toString());
            } catch (BadInputException e) {
                warnings.add("INCAR ignored: " + e.getMessage());
            }
        }
        Accumulator acc = new Accumulator(incar);
        acc.warnings.addAll(warnings);
        List<Path> files = RunFiles.outputs(folder);
        for (Path f : files) {
            acc.file(f, false);
        }
        if (Files.exists(folder.resolve(RunFiles.WALLTIME_MARKER))) {
            acc.add(new Finding(
                    "walltime",
                    folder.resolve(RunFiles.WALLTIME_MARKER).toString(),
                    "the job script stopped VASP (STOPCAR) before the scheduler's time limit"));
        }
        if (options.running()) {
            frozen(folder, files, acc);
        }
        return acc.result(folder);
    }

    private void frozen(Path folder, List<Path> files, Accumulator acc) {
        Instant newest = null;
        for (Path f : files) {
            try {
                Instant t = Files.getLastModifiedTime(f).toInstant();
                newest = newest == null || t.isAfter(newest) ? t : newest;
            } catch (IOException e) {
                acc.warnings.add("cannot read the time of " + f + ": " + e.getMessage());
            }
        }
        if (newest != null && Duration.between(newest, options.now()).compareTo(options.frozenAfter()) > 0) {
            acc.add(new Finding(
                    RunErrors.FROZEN_JOB,
                    folder.toString(),
                    "newest output written at " + newest + ", more than " + options.frozenAfter() + " before "
                            + options.now()));
        }
    }

    /** Collects the findings of the files of one run, with the INCAR's context. */
    private final class Accumulator {
        final Incar incar;
        final List<Finding> findings = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        int nbands;
        double nelect = Double.NaN;
        int nions;
        int ionicSteps;
        double entropyPerAtom = Double.NaN;
        double maxLength = Double.NaN;
        Boolean converged; // from vasprun.xml, null when none was read

        Accumulator(Incar incar) {
            this.incar = incar;
        }

        void add(Finding f) {
            for (Finding g : findings) {
                if (g.key().equals(f.key()) && g.file().equals(f.file())) {
                    return;
                }
            }
            findings.add(f);
        }

        void file(Path f, boolean single) {
            try {
                switch (RunFiles.kind(f)) {
                    case TEXT -> text(f);
                    case OSZICAR -> oszicar(f);
                    case OUTCAR -> outcar(f);
                    case VASPRUN -> vasprun(f);
                    default -> {}
                }
            } catch (BadInputException e) {
                if (single) {
                    throw e;
                }
                warnings.add("unreadable output: " + e.getMessage());
            }
        }

        void text(Path f) {
            String text = VaspFiles.readText(f);
            for (MessageRule r : VaspMessages.all()) {
                if (!r.matches(text)) {
                    continue;
                }
                if (r.key().equals("brmix") && incar != null && incar.contains("NELECT")) {
                    warnings.add(f + ": BRMIX in a charged cell (NELECT set): expected, not an error");
                    continue;
                }
                if (r.key().equals("mesh_symmetry")
                        && incar != null
                        && incar.get("ISYM") instanceof Number n
                        && n.intValue() <= 0) {
                    continue; // VASP's admins: harmless with symmetry off
                }
                add(new Finding(r.key(), f.toString(), r.meaning()));
            }
            if (text.contains(VaspMessages.AUTO_NBANDS)) {
                warnings.add(f + ": VASP changed NBANDS itself (more cores than bands): not an error");
            }
        }

        void oszicar(Path f) {
            Oszicar o = Oszicar.read(f);
            ionicSteps = o.nIonicSteps();
            Integer nelm = incar != null && incar.get("NELM") instanceof Number n ? n.intValue() : null;
            if (nelm == null && incar != null) {
                nelm = 60; // VASP's default once the INCAR is known not to set it
            }
            Double ediff = incar != null
                    ? (incar.get("EDIFF") instanceof Number n ? n.doubleValue() : OszicarCheck.VASP_DEFAULT_EDIFF)
                    : null;
            OszicarCheck.check(o, nelm, ediff, options.nonConvergingSteps()).forEach(this::add);
        }

        void outcar(Path f) {
            SmearingEntropy s = SmearingEntropy.read(f);
            Integer ismear = incar != null && incar.get("ISMEAR") instanceof Number n
                    ? Integer.valueOf(n.intValue())
                    : s.ismear();
            entropyPerAtom = s.maxEntropyPerAtom();
            if ((ismear == null || ismear >= 0) && s.maxEntropyPerAtom() > options.entropyPerAtomTolerance()) {
                add(new Finding(
                        RunErrors.LARGE_SIGMA,
                        f.toString(),
                        String.format(
                                Locale.ROOT,
                                "smearing entropy |T*S| = %.4g eV/atom > %.4g eV/atom",
                                s.maxEntropyPerAtom(),
                                options.entropyPerAtomTolerance())));
            }
            Outcar o = Outcar.read(f);
            nbands = o.nbands();
            nelect = o.nelect();
            nions = o.nions();
        }

        void vasprun(Path f) {
            Vasprun v = Vasprun.read(f, true);
            nions = v.nsites();
            double[] abc = v.finalStructure().lattice().abc();
            maxLength = Math.max(abc[0], Math.max(abc[1], abc[2]));
            if (!v.isComplete()) {
                warnings.add(f + ": incomplete (" + v.incompleteReason() + "): convergence not judged");
                return;
            }
            boolean electronic = v.isConvergedElectronic();
            boolean ionic = v.isConvergedIonic();
            converged = electronic && ionic;
            if (!electronic) {
                add(new Finding(
                        RunErrors.UNCONVERGED_ELECTRONIC,
                        f.toString(),
                        "the last ionic step used " + v.nElectronicStepsLastIonic() + " electronic steps (NELM = "
                                + v.parameters().getInt("NELM", 60) + ")"));
            } else if (!ionic) {
                add(new Finding(
                        RunErrors.UNCONVERGED_IONIC,
                        f.toString(),
                        v.nIonicSteps() + " ionic steps (NSW = "
                                + v.parameters().getInt("NSW", 0) + ") without reaching EDIFFG"));
            }
        }

        Diagnosis result(Path path) {
            if (Boolean.TRUE.equals(converged)) {
                findings.removeIf(f -> f.key().equals("mesh_symmetry")); // non-fatal once converged
            }
            return new Diagnosis(
                    path.toString(),
                    findings,
                    warnings,
                    new RunFacts(nbands, nelect, nions, ionicSteps, entropyPerAtom, maxLength));
        }
    }
}
