package org.xtalflow.campaign;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points on the crash-sensitive paths (between a store commit and the remote action it
 * announces, or between a remote action and the commit that records it) where crash tests stop the
 * process. Started with {@code -Dxtalflow.stopAt=<name>}, every thread reaching that point logs
 * {@code stop point <name> reached} and parks until the process is killed (a test then sends
 * SIGKILL exactly there). Without the property, {@link #reached} does nothing.
 */
public final class StopPoint {
    /** System property naming the point to stop at. */
    public static final String PROPERTY = "xtalflow.stopAt";

    /** SUBMITTING committed, nothing sent to the cluster yet. */
    public static final String SUBMIT_COMMITTED = "submit.committed";
    /** The scheduler accepted the job (job id known), SUBMITTED not yet committed. */
    public static final String SUBMIT_ACCEPTED = "submit.accepted";
    /** A FINISHED job's results are fetched, not yet harvested. */
    public static final String RESULTS_FETCHED = "results.fetched";

    /** A failed job's next attempt is written (attempt recorded FIXABLE), PREPARED not yet committed. */
    public static final String RETRY_PREPARED = "retry.prepared";

    /** A campaign is DONE in the store, its report not yet written. */
    public static final String CAMPAIGN_DONE = "campaign.done";

    private static final Logger LOG = LoggerFactory.getLogger(StopPoint.class);
    private static final String TARGET = System.getProperty(PROPERTY);

    private StopPoint() {}

    /** Parks the calling thread forever when {@code name} is the configured stop point. */
    public static void reached(String name) {
        if (TARGET == null || !TARGET.equals(name)) return;
        LOG.warn(
                "stop point {} reached: thread {} waits here to be killed",
                name,
                Thread.currentThread().getName());
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // an orderly shutdown interrupts: keep waiting, a crash test wants the kill here
            }
        }
    }
}
