package org.xtalflow.campaign;

import java.io.IOException;
import java.nio.file.Path;
import org.xtalflow.gpaw.GpawCorrections;
import org.xtalflow.gpaw.GpawNextAttempt;
import org.xtalflow.gpaw.GpawResult;
import org.xtalflow.vasp.errors.NextAttempt;

/**
 * A GPAW next attempt's inputs (issue 18): {@link GpawNextAttempt#apply} on the copy of the failed
 * bundle (the last geometry, the SCF/relaxation changes under the physics lock); the next job's
 * walltime, when the scheduler gets one of its own, is also written for the job script's deadline.
 *
 * @param failed        the failed attempt's result
 * @param failedAttempt the failed attempt's number
 */
record GpawNextInputs(GpawResult failed, GpawCorrections plan, int failedAttempt) implements NextInputs {

    @Override
    public NextAttempt.ResourceChange write(Path next, Path results) {
        GpawNextAttempt.apply(next, failed, plan, failedAttempt);
        return factors();
    }

    @Override
    public NextAttempt.ResourceChange factors() {
        return new NextAttempt.ResourceChange(plan.walltimeFactor(), plan.memoryFactor());
    }

    @Override
    public boolean onlyResources() {
        return plan.onlyResources();
    }

    @Override
    public void resourcesDecided(Path next, NextAttemptBundle.Resources resources) throws IOException {
        String time =
                resources.options().getOrDefault("time", resources.options().get("walltime"));
        if (time != null) {
            GpawNextAttempt.walltime(next, time);
        }
    }
}
