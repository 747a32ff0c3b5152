package org.xtalflow.gpaw;

import java.util.Locale;

/**
 * What went wrong in a GPAW job, as the job driver marks it in gpaw-result.json ("errors") or as
 * the job's exit code says when no result could be written.
 */
public enum GpawError {
    /** The Kohn-Sham SCF did not reach the thresholds within scf.maxiter iterations. */
    SCF_NOT_CONVERGED,
    /** The relaxation used relax.max_steps without reaching relax.fmax_ev_per_a. */
    RELAXATION_NOT_CONVERGED,
    /** Stopped at the job's deadline (or SIGTERM/SIGUSR1 from the scheduler). */
    WALLTIME,
    /** MemoryError in the driver, or the job was killed (exit 137) without a result. */
    OUT_OF_MEMORY,
    /** The structure or settings could not be read. */
    BAD_INPUT,
    /** Any other failure; the result's error_detail holds the exception. */
    CRASHED,
    /** No gpaw-result.json at all (the job did not run, or died before writing it). */
    NO_RESULT;

    /** The marker string in gpaw-result.json: lower case, e.g. "scf_not_converged". */
    public String marker() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The error of a marker; an unknown marker is CRASHED (a newer driver's marker is still a failure). */
    public static GpawError ofMarker(String marker) {
        for (GpawError e : values()) {
            if (e.marker().equals(marker)) {
                return e;
            }
        }
        return CRASHED;
    }
}
