package org.xtalflow.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xtalflow.vasp.errors.Action;
import org.xtalflow.vasp.errors.CorrectionPlan;
import org.xtalflow.vasp.errors.NextAttempt;
import org.xtalflow.vasp.errors.RunPolicy;

/**
 * A VASP next attempt's inputs (issue 13): every step folder of the fetched results — finished
 * steps with their done marker and outputs (never run again), the failed step with its corrected
 * inputs ({@link NextAttempt#apply}).
 *
 * @param step          the step folder the job stopped in ("" when none)
 * @param failedAttempt the failed attempt's number
 */
record VaspNextInputs(RunPolicy policy, String step, CorrectionPlan plan, int failedAttempt) implements NextInputs {

    @Override
    public NextAttempt.ResourceChange write(Path next, Path results) throws IOException {
        for (String s : policy.jobFlow().steps()) {
            if (Files.isDirectory(results.resolve(s))) {
                NextAttemptBundle.copyTree(results.resolve(s), next.resolve(s));
            }
        }
        return !step.isEmpty() && Files.isDirectory(next.resolve(step))
                ? NextAttempt.apply(next.resolve(step), plan, failedAttempt)
                : factors();
    }

    @Override
    public NextAttempt.ResourceChange factors() {
        double walltime = 1;
        double memory = 1;
        for (Action a : plan.actions()) {
            if (a.type() == Action.Type.MORE_WALLTIME) walltime *= ((Number) a.value()).doubleValue();
            if (a.type() == Action.Type.MORE_MEMORY) memory *= ((Number) a.value()).doubleValue();
        }
        return new NextAttempt.ResourceChange(walltime, memory);
    }

    /** Only more walltime or memory (and file deletions). */
    @Override
    public boolean onlyResources() {
        return plan.actions().stream()
                .allMatch(x -> x.type() == Action.Type.MORE_MEMORY
                        || x.type() == Action.Type.MORE_WALLTIME
                        || x.type() == Action.Type.DELETE_FILE);
    }
}
