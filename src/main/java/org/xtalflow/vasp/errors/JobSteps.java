package org.xtalflow.vasp.errors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.inputs.JobFlow;
import org.xtalflow.vasp.outputs.Vasprun;

/**
 * A job folder of the flow (templates/jobs/vasp-flow.sh): one sub-folder per step, a finished step
 * marked with {@link NextAttempt#DONE_MARKER}. Tells which step a failed job stopped in, and how
 * far the second relaxation moved the volume (MP's reason for relaxing twice: Pulay stress makes
 * the first relaxation's cell too small, the second one at the first's volume fixes that).
 */
public final class JobSteps {

    private JobSteps() {}

    /** The folder of the first step without the done marker, or null when every step finished. */
    public static Path firstUnfinished(Path job, JobFlow flow) {
        for (String s : flow.steps()) {
            Path step = job.resolve(s);
            if (!Files.exists(step.resolve(NextAttempt.DONE_MARKER))) {
                return step;
            }
        }
        return null;
    }

    /**
     * (V_final − V_initial) / V_initial of the second relaxation ({@code relax2/vasprun.xml}), or
     * empty when the flow has no second relaxation or it has not run.
     */
    public static OptionalDouble secondRelaxationVolumeChange(Path job) {
        Path f = job.resolve("relax2").resolve("vasprun.xml");
        if (!Files.isRegularFile(f)) {
            return OptionalDouble.empty();
        }
        try {
            Vasprun v = Vasprun.read(f, true);
            double v0 = v.initialStructure().lattice().volume();
            double v1 = v.finalStructure().lattice().volume();
            return OptionalDouble.of((v1 - v0) / v0);
        } catch (BadInputException e) {
            return OptionalDouble.empty();
        }
    }
}
