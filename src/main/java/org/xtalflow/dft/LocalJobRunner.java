package org.xtalflow.dft;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xtalflow.vasp.inputs.JobBundle;

/**
 * Runs a written job bundle on this machine as a workstation does: {@code nice bash job.sh} in the
 * bundle folder (a Slurm script's #SBATCH lines are comments there), with the environment the
 * cluster profile would give it (e.g. XTALFLOW_GPAW_RANKS, XTALFLOW_GPAW_PYTHON). Used for the
 * same-engine references of a campaign without a cluster (campaign.LocalReferenceRunner).
 */
public final class LocalJobRunner {

    private final Map<String, String> environment;
    private final Duration limit;

    /** @param limit the job is killed after this long (its result then says why it is missing) */
    public LocalJobRunner(Map<String, String> environment, Duration limit) {
        this.environment = Map.copyOf(environment);
        this.limit = limit;
    }

    /** Runs the bundle in {@code bundleDir} to its end; the outputs stay in that folder. */
    public void run(Path bundleDir) {
        ProcessBuilder pb = new ProcessBuilder("nice", "-n", "5", "bash", JobBundle.JOB_SCRIPT)
                .directory(bundleDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(bundleDir.resolve("stdout.txt").toFile());
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the job in " + bundleDir + ": " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                kill(p);
                throw new IllegalStateException("job in " + bundleDir + " ran over " + limit.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            kill(p); // the application stops: no orphaned DFT run left behind
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the job in " + bundleDir + " ran", e);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
