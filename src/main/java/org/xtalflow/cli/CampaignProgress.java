package org.xtalflow.cli;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;

/**
 * Progress bars of a campaign that runs in this process, read from the store every half second
 * (the store is the truth, and reading it needs no hook in the stages): structures generated of
 * those expected, structures screened, bundles written, and on a cluster jobs done of those
 * submitted. A bar appears when its stage starts and closes with its summary line when the
 * stage has nothing left to do.
 */
final class CampaignProgress implements AutoCloseable {

    private static final Set<CandidateState> SCREENED = EnumSet.complementOf(EnumSet.of(CandidateState.GENERATED));
    private static final Set<CandidateState> PREPARED_ON = EnumSet.of(
            CandidateState.PREPARED,
            CandidateState.SUBMITTING,
            CandidateState.SUBMITTED,
            CandidateState.RUNNING,
            CandidateState.FINISHED,
            CandidateState.FAILED,
            CandidateState.TIMEOUT,
            CandidateState.HARVESTED);
    private static final Set<CandidateState> SUBMITTED_ON = EnumSet.of(
            CandidateState.SUBMITTED,
            CandidateState.RUNNING,
            CandidateState.FINISHED,
            CandidateState.FAILED,
            CandidateState.TIMEOUT,
            CandidateState.HARVESTED);
    private static final Set<CandidateState> JOB_ENDED = EnumSet.of(
            CandidateState.FINISHED, CandidateState.FAILED, CandidateState.TIMEOUT, CandidateState.HARVESTED);

    private final CandidateStore store;
    private final String campaignId;
    private final long expectedStructures;
    private final boolean cluster;
    private final Thread poller;
    private ProgressBar generated;
    private ProgressBar screened;
    private ProgressBar prepared;
    private ProgressBar jobs;
    private volatile boolean stop;

    /**
     * @param expectedStructures generator samples × 3 × systems (the structures the campaign will store)
     */
    CampaignProgress(CandidateStore store, String campaignId, long expectedStructures, boolean cluster) {
        this.store = store;
        this.campaignId = campaignId;
        this.expectedStructures = expectedStructures;
        this.cluster = cluster;
        this.poller = new Thread(this::loop, "xtalflow-progress-" + campaignId);
        this.poller.setDaemon(true);
    }

    CampaignProgress start() {
        if (Terminal.progressMode() != ProgressBar.Mode.OFF) {
            // from the campaign's start: model loading and sampling are what this bar waits for
            generated = ProgressBar.start("generating", expectedStructures, "structures");
            poller.start();
        }
        return this;
    }

    private void loop() {
        while (!stop) {
            try {
                tick(false);
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                return; // the store went away (application stopping): the bars just stop
            }
        }
    }

    /** One look at the store; {@code last}: the campaign has ended, close every bar. */
    synchronized void tick(boolean last) {
        Map<CandidateState, Long> n = store.countByState(campaignId);
        long total = sum(n, EnumSet.allOf(CandidateState.class));
        if (generated != null) {
            generated.set(total);
            if (last || total >= expectedStructures) {
                generated.close(false);
            }
        }
        long screenedNow = sum(n, SCREENED);
        if (screenedNow > 0 && screened == null) {
            screened = ProgressBar.start("screening", total, "structures");
        }
        if (screened != null) {
            screened.total(total);
            screened.set(screenedNow);
            if (last || (total >= expectedStructures && screenedNow >= total)) {
                screened.close(false);
            }
        }
        long survivors = screenedNow - n.getOrDefault(CandidateState.REJECTED, 0L);
        long preparedNow = sum(n, PREPARED_ON);
        if (preparedNow > 0 && prepared == null) {
            prepared = ProgressBar.start("preparing", survivors, "bundles");
        }
        if (prepared != null) {
            prepared.total(survivors);
            prepared.set(preparedNow);
            if (last) {
                prepared.close(false);
            }
        }
        if (cluster) {
            long submitted = sum(n, SUBMITTED_ON);
            if (submitted > 0 && jobs == null) {
                jobs = ProgressBar.start("jobs done", preparedNow, "jobs");
            }
            if (jobs != null) {
                jobs.total(preparedNow);
                jobs.set(sum(n, JOB_ENDED));
                if (last) {
                    jobs.close(false);
                }
            }
        }
    }

    private static long sum(Map<CandidateState, Long> n, Set<CandidateState> states) {
        long s = 0;
        for (CandidateState st : states) {
            s += n.getOrDefault(st, 0L);
        }
        return s;
    }

    /** Stops polling and closes the bars with a last look at the store. */
    @Override
    public void close() {
        stop = true;
        poller.interrupt();
        try {
            poller.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Terminal.progressMode() != ProgressBar.Mode.OFF) {
            try {
                tick(true);
            } catch (RuntimeException e) {
                // store closed already: nothing more to show
            }
        }
    }
}
