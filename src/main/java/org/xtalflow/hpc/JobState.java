package org.xtalflow.hpc;

/**
 * A job's state as the scheduler reports it, in Slurm's words (PBS states are mapped onto these).
 * What it means for a candidate is the campaign side's decision.
 */
public enum JobState {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    TIMEOUT,
    CANCELLED,
    NODE_FAIL,
    OUT_OF_MEMORY,
    UNKNOWN;

    public boolean isFinal() {
        return switch (this) {
            case COMPLETED, FAILED, TIMEOUT, CANCELLED, NODE_FAIL, OUT_OF_MEMORY -> true;
            default -> false;
        };
    }

    /** Maps a Slurm state name (squeue %T or sacct State, e.g. "CANCELLED by 0", "COMPLETING"). */
    public static JobState fromSlurm(String s) {
        String t = s == null ? "" : s.trim().split("\\s+")[0].replace("+", "");
        return switch (t) {
            case "PENDING",
                    "CONFIGURING",
                    "REQUEUED",
                    "REQUEUE_HOLD",
                    "REQUEUE_FED",
                    "RESV_DEL_HOLD",
                    "SUSPENDED",
                    "STOPPED",
                    "RESIZING",
                    "SIGNALING",
                    "STAGE_OUT",
                    "SPECIAL_EXIT" -> PENDING;
            case "RUNNING", "COMPLETING" -> RUNNING;
            case "COMPLETED" -> COMPLETED;
            case "FAILED", "BOOT_FAIL", "DEADLINE", "PREEMPTED", "REVOKED" -> FAILED;
            case "TIMEOUT" -> TIMEOUT;
            case "CANCELLED" -> CANCELLED;
            case "NODE_FAIL" -> NODE_FAIL;
            case "OUT_OF_MEMORY" -> OUT_OF_MEMORY;
            default -> UNKNOWN;
        };
    }
}
