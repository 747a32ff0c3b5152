package org.xtalflow.vasp.inputs;

import java.util.List;
import java.util.Map;

/**
 * The steps one job runs, each in its own folder of the job (conf/xtalflow.yaml
 * {@code vasp.workflow}): {@code relax} is one relaxation; {@code double_relax_static} is MP's
 * standard, two relaxations each from the previous CONTCAR, then a static run on the final
 * structure with MPStaticSet's changes (its INCAR and KPOINTS are written to the bundle as
 * INCAR.static and KPOINTS.static). A set that relaxes nothing (NSW = 0) runs one "static" step.
 *
 * @param steps            step folder names, in order
 * @param walltimeMarginS  the job script writes a STOPCAR when less than max(this, 3 x the longest
 *                         ionic step) seconds are left
 * @param watchIntervalS   how often the job script looks at the time left, seconds
 */
public record JobFlow(List<String> steps, int walltimeMarginS, int watchIntervalS) {

    public static final List<String> WORKFLOWS = List.of("relax", "double_relax_static");

    public JobFlow {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new VaspInputException("a job flow needs at least one step");
        }
        for (String s : steps) {
            if (!s.matches("[a-z][a-z0-9_]*")) {
                throw new VaspInputException("step names are folder names [a-z0-9_]: '" + s + "'");
            }
        }
        if (walltimeMarginS < 1 || watchIntervalS < 1) {
            throw new VaspInputException("walltime margin and watch interval must be >= 1 s");
        }
    }

    /** A workflow by name with a walltime margin (watch every 30 s, or the margin when shorter). */
    public static JobFlow of(String workflow, int walltimeMarginS) {
        List<String> steps = switch (workflow) {
            case "relax" -> List.of("relax");
            case "double_relax_static" -> List.of("relax1", "relax2", "static");
            default ->
                throw new VaspInputException("vasp.workflow must be one of " + WORKFLOWS + ", got '" + workflow + "'");
        };
        return new JobFlow(steps, walltimeMarginS, Math.max(1, Math.min(30, walltimeMarginS / 3)));
    }

    /** MP's double relaxation and static run, with a five-minute walltime margin. */
    public static JobFlow defaults() {
        return of("double_relax_static", 300);
    }

    /** The static step of this flow's bundle: MPStaticSet's INCAR changes over the relaxation's (pymatgen's). */
    public static Map<String, Object> staticIncarUpdates() {
        return InputSetConfig.bundled("static").incarUpdates();
    }

    /** MPStaticSet's k-point density (per Å⁻³ of reciprocal volume). */
    public static int staticReciprocalDensity() {
        return InputSetConfig.bundled("static").reciprocalDensity();
    }
}
