package org.xtalflow.hpc;

import java.util.List;
import java.util.Locale;

/**
 * The submit command failed for a reason that passes (the controller busy, down or slow to answer:
 * sbatch's "Socket timed out on send/recv operation", "Resource temporarily unavailable", "Unable
 * to contact slurm controller"; qsub's "cannot connect to server"). A timed-out answer may still
 * have made the job, so the job is looked up by name before it is submitted again.
 */
public class SubmitTransientException extends HpcException {

    /** The scheduler clients' words for a failure that passes (lower case). */
    private static final List<String> TRANSIENT = List.of(
            "socket timed out",
            "resource temporarily unavailable",
            "unable to contact slurm controller",
            "slurm temporarily unable to accept job",
            "slurm_load_",
            "zero bytes were transmitted or received",
            "connection refused",
            "cannot connect to server",
            "pbs_iff: cannot",
            "server is busy");

    public SubmitTransientException(String message) {
        super(message);
    }

    /** Whether a failed submit command's output says the failure passes. */
    public static boolean isTransient(String diagnostic) {
        String d = diagnostic.toLowerCase(Locale.ROOT);
        return TRANSIENT.stream().anyMatch(d::contains);
    }
}
