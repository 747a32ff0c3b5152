package org.xtalflow.hpc;

import java.util.Map;

/**
 * What to submit: the job script {@code scriptName} inside {@code jobDir} on the cluster, named
 * {@code jobName} (carries the candidate id), with the bundle's own scheduler options
 * ({@link JobBundleDir#schedulerOptions()}: a retried job's longer walltime or more nodes), which
 * replace the profile's options of the same name.
 */
public record JobRequest(
        String candidateId, String jobName, String jobDir, String scriptName, Map<String, String> options) {
    public JobRequest {
        SafeName.name("candidate id", candidateId);
        SafeName.name("job name", jobName);
        SafeName.path("job dir", jobDir);
        SafeName.name("job script", scriptName);
        options = Map.copyOf(options);
        options.forEach((k, v) -> SafeName.optionValue(SafeName.name("scheduler option", k), v));
    }

    public JobRequest(String candidateId, String jobName, String jobDir, String scriptName) {
        this(candidateId, jobName, jobDir, scriptName, Map.of());
    }

    /** The profile's scheduler options with this request's over them, sorted by name. */
    public Map<String, String> optionsOver(Map<String, String> profileOptions) {
        Map<String, String> all = new java.util.TreeMap<>(profileOptions);
        all.putAll(options);
        return all;
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
