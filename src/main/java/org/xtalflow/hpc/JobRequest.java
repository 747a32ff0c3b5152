package org.xtalflow.hpc;

/**
 * What to submit: the job script {@code scriptName} inside {@code jobDir} on the cluster, named
 * {@code jobName} (carries the candidate id).
 */
public record JobRequest(String candidateId, String jobName, String jobDir, String scriptName) {
    public JobRequest {
        SafeName.name("candidate id", candidateId);
        SafeName.name("job name", jobName);
        SafeName.path("job dir", jobDir);
        SafeName.name("job script", scriptName);
    }

    /** Our job name for a candidate. */
    public static String jobNameFor(String candidateId) {
        return "xf-" + candidateId;
    }

    /** The candidate id in one of our job names, or null when the name is not ours. */
    public static String candidateOf(String jobName) {
        return jobName != null && jobName.startsWith("xf-") ? jobName.substring(3) : null;
    }
}
