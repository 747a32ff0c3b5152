package org.xtalflow.camel;

/**
 * JMX view of one cluster profile (ObjectName {@code org.xtalflow:type=Cluster,name=<profile>}).
 */
public interface ClusterMXBean {
    String getName();

    /** Our jobs submitted (or being submitted) and not yet running. */
    int getJobsQueued();

    int getJobsRunning();

    /** The cap on queued jobs from conf (application.max_queued_jobs or the cluster's own). */
    int getMaxQueuedJobs();

    /** SSH connections established since the application started (1 for a healthy session). */
    long getSshConnectionsOpened();

    /** Remote commands in the last 60 s. */
    int getCommandsPerMinute();

    /** Milliseconds the last poll of the scheduler took; -1 before the first. */
    long getLastPollLatencyMs();

    String getLastError();

    /** Ended jobs whose outputs were reviewed and recorded as attempts (since the application started). */
    long getAttemptsReviewed();

    /** Failed jobs sent back, corrected, for another attempt (since the application started). */
    long getAttemptsRetried();

    /** The last VASP error an attempt met: candidate, attempt, step, error keys, outcome and reason. */
    String getLastVaspError();

    /** The last error an attempt of any DFT engine met, the engine first ("gpaw c-1 attempt 1: ..."). */
    String getLastDftError();

    boolean isPaused();

    /** No new submissions to this cluster (polling goes on). */
    void pause();

    void resume();

    /** FAILED/TIMEOUT candidates of this cluster back to PREPARED and onto the submit queue; returns how many. */
    int retryFailed();
}
