package org.xtalflow.hpc;

import java.util.Collection;
import java.util.Map;
import org.xtalflow.config.BatchSystem;

/**
 * A batch system as remote command lines plus parsers of their output. Commands are built only
 * from validated, quoted parts. Polling is one command for all of a host's jobs.
 */
public interface Scheduler {

    /** File in the job folder holding the job id once the scheduler accepted it (the remote marker). */
    String MARKER = ".xtalflow-jobid";

    BatchSystem kind();

    /**
     * One command that, run in any folder, submits the job unless the marker file already exists,
     * writes the marker, and prints the job id (the marker's content) on stdout.
     */
    String submitCommand(ClusterProfile profile, JobRequest request);

    /** The job id from the submit command's result; a refusal throws SubmitRefusedException with the scheduler's words. */
    String parseSubmit(ClusterProfile profile, JobRequest request, ExecResult result);

    /** One command listing the state of the user's jobs, including {@code trackedJobIds} (may be empty). */
    String pollCommand(ClusterProfile profile, Collection<String> trackedJobIds);

    /** job id → status from the poll command's stdout. */
    Map<String, JobStatus> parsePoll(String stdout);

    /**
     * A command asking about finished jobs that left the queue (Slurm's sacct), or null when the
     * cluster has no such source; then such jobs are judged by their remote folder.
     */
    String finishedCommand(ClusterProfile profile, Collection<String> jobIds);

    Map<String, JobStatus> parseFinished(String stdout);

    /**
     * A command listing the accounting's jobs with these names (Slurm's sacct, output as
     * {@link #parseFinished}), or null without accounting: it finds a job the queue has forgotten.
     */
    default String namedJobsCommand(ClusterProfile profile, Collection<String> jobNames) {
        return null;
    }

    /** A cheap command that succeeds only when the accounting answers (null: none to probe). */
    default String accountingProbeCommand(ClusterProfile profile) {
        return null;
    }

    String cancelCommand(ClusterProfile profile, String jobId);

    /** The scheduler for a profile. */
    static Scheduler of(BatchSystem kind) {
        return switch (kind) {
            case SLURM -> new SlurmScheduler();
            case PBS -> new PbsScheduler();
            case LOCAL -> new LocalScheduler();
        };
    }
}
