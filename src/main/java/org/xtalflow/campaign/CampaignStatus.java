package org.xtalflow.campaign;

/**
 * Status of a whole campaign (its candidates have their own {@link CandidateState}): the one
 * status vocabulary of the store, the running application, the JMX view and the report.
 * The JMX view and the report show it as a {@link #label label}, which also says whether a
 * finished campaign had failures.
 */
public enum CampaignStatus {
    ACTIVE,
    PAUSED,
    DONE,
    FAILED,
    /**
     * Stopped by an operator ({@code campaign cancel}): no more generation, screening or
     * submission, its cluster jobs cancelled, every candidate at a final state with reason
     * {@code cancelled}. It cannot be resumed.
     */
    CANCELLED;

    /** The campaign will take no more work (finished, given up or cancelled). */
    public boolean isFinished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /**
     * What people read (JMX attribute Status, report): RUNNING, PAUSED, FINISHED,
     * FINISHED_WITH_FAILURES, FAILED or CANCELLED.
     *
     * @param withFailures work items of the campaign failed (kept for retry)
     */
    public String label(boolean withFailures) {
        return switch (this) {
            case ACTIVE -> "RUNNING";
            case PAUSED -> "PAUSED";
            case DONE -> withFailures ? "FINISHED_WITH_FAILURES" : "FINISHED";
            case FAILED -> "FAILED";
            case CANCELLED -> "CANCELLED";
        };
    }
}
