package org.xtalflow.hpc;

/**
 * One job as the scheduler sees it.
 *
 * @param jobId the scheduler's job id
 * @param jobName the job name ({@code xf-<candidate id>} for ours)
 * @param state mapped state
 * @param reason the scheduler's own words (pending reason, exit code, comment), for the store
 */
public record JobStatus(String jobId, String jobName, JobState state, String reason) {}
