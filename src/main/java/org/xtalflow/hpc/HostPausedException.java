package org.xtalflow.hpc;

/** The host is paused after repeated connection failures; nothing is sent until it resumes. */
public class HostPausedException extends HpcException {
    private final long resumeAtMillis;

    public HostPausedException(String host, String reason, long resumeAtMillis) {
        super("host " + host + " is paused until " + java.time.Instant.ofEpochMilli(resumeAtMillis) + ": " + reason
                + " (resume it earlier with the cluster's resume operation)");
        this.resumeAtMillis = resumeAtMillis;
    }

    /** Epoch milliseconds at which the host is tried again. */
    public long resumeAtMillis() {
        return resumeAtMillis;
    }
}
