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
    FAILED;

    /** The campaign will take no more work (finished, or given up). */
    public boolean isFinished() {
        return this == DONE || this == FAILED;
    }

    /**
     * What people read (JMX attribute Status, report): RUNNING, PAUSED, FINISHED,
     * FINISHED_WITH_FAILURES or FAILED.
     *
     * @param withFailures work items of the campaign failed (kept for retry)
     */
    public String label(boolean withFailures) {
        return switch (this) {
            case ACTIVE -> "RUNNING";
            case PAUSED -> "PAUSED";
            case DONE -> withFailures ? "FINISHED_WITH_FAILURES" : "FINISHED";
            case FAILED -> "FAILED";
        };
    }
}
