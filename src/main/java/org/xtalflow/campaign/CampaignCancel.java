package org.xtalflow.campaign;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.hpc.ExecResult;
import org.xtalflow.hpc.HpcException;

/**
 * Ends a cancelled campaign's work ({@code campaign cancel}). The store is told first (status
 * CANCELLED, one transaction), then {@link #complete} cancels the campaign's jobs on its cluster
 * (scancel/qdel through the cluster session, each recorded as an event) and moves every candidate
 * not at the end of its road to a final state with reason {@value #REASON}: GENERATED and
 * SCREENED ones to REJECTED, the others to FAILED (a prepare-only campaign's PREPARED ones have
 * arrived and stay). {@link #complete} is idempotent: a kill -9
 * in the middle leaves CANCELLED with unfinished candidates, and the restart completes it.
 */
public final class CampaignCancel {

    /** The reason every candidate a cancel ends carries. */
    public static final String REASON = "cancelled";

    /** The candidate states a cancel ends (every state not in {@link CandidateState#ENDED}). */
    static final Set<CandidateState> OPEN = EnumSet.complementOf(EnumSet.copyOf(CandidateState.ENDED));

    /**
     * What {@link #complete} did.
     *
     * @param jobsCancelled "cluster:jobId (candidate)" of each job the scheduler was asked to cancel
     * @param candidatesEnded candidates moved to a final state with reason {@value #REASON}
     * @param left candidates still open (their job could not be cancelled now; a later cancel or
     *             restart tries again), with why
     */
    public record Outcome(List<String> jobsCancelled, int candidatesEnded, List<String> left) {
        public boolean complete() {
            return left.isEmpty();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(CampaignCancel.class);

    private final CandidateStore store;
    private final Function<String, ClusterJobs> sessions;

    /** @param sessions the cluster session of a cluster profile name (the application's, or one opened for the CLI) */
    public CampaignCancel(CandidateStore store, Function<String, ClusterJobs> sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /** Records the cancel in the store (status CANCELLED), unless the campaign has finished. */
    public void mark(String campaignId, String why) {
        Campaign c = store.campaign(campaignId)
                .orElseThrow(() -> new IllegalArgumentException("no campaign '" + campaignId + "' in the store"));
        if (c.status() == CampaignStatus.CANCELLED) {
            return;
        }
        if (c.status().isFinished()) {
            throw new IllegalStateException(
                    "campaign " + campaignId + " has finished (" + c.status() + "); there is nothing to cancel");
        }
        store.setCampaignStatus(campaignId, CampaignStatus.CANCELLED, why);
    }

    /** True when the campaign is CANCELLED in the store and some candidate is still open. */
    public boolean unfinished(String campaignId) {
        Campaign c = store.campaign(campaignId).orElse(null);
        return c != null
                && c.status() == CampaignStatus.CANCELLED
                && store.countByState(campaignId).entrySet().stream()
                        .anyMatch(e -> open(c).contains(e.getKey()) && e.getValue() > 0);
    }

    /** The states a cancel ends: {@link #OPEN}, less PREPARED for a prepare-only campaign (its road ends there). */
    private static Set<CandidateState> open(Campaign c) {
        if (c.cluster() != null) {
            return OPEN;
        }
        Set<CandidateState> s = EnumSet.copyOf(OPEN);
        s.remove(CandidateState.PREPARED);
        return s;
    }

    /** Cancels the campaign's jobs and ends its open candidates (the campaign must be CANCELLED in the store). */
    public Outcome complete(String campaignId) {
        Campaign c = store.campaign(campaignId)
                .orElseThrow(() -> new IllegalArgumentException("no campaign '" + campaignId + "' in the store"));
        if (c.status() != CampaignStatus.CANCELLED) {
            throw new IllegalStateException("campaign " + campaignId + " is " + c.status() + ", not CANCELLED");
        }
        List<String> cancelled = new ArrayList<>();
        List<String> left = new ArrayList<>();
        int ended = 0;
        if (hasJobs(campaignId)) {
            ended += cancelJobs(campaignId, cancelled, left);
        }
        for (CandidateState st : open(c)) {
            if (st.isOnCluster()) {
                continue; // handled with their jobs above
            }
            ended += endAll(store.byStateBrief(campaignId, st)); // ids and states: no CIFs read
        }
        LOG.info(
                "campaign {} cancelled: {} job(s) cancelled, {} candidate(s) ended{}",
                campaignId,
                cancelled.size(),
                ended,
                left.isEmpty() ? "" : ", " + left.size() + " still open: " + left);
        return new Outcome(cancelled, ended, left);
    }

    private boolean hasJobs(String campaignId) {
        java.util.Map<CandidateState, Long> counts = store.countByState(campaignId);
        return CandidateState.ON_CLUSTER.stream().anyMatch(st -> counts.getOrDefault(st, 0L) > 0);
    }

    /** Cancels the scheduler jobs of the campaign's candidates on a cluster; returns the candidates ended. */
    private int cancelJobs(String campaignId, List<String> cancelled, List<String> left) {
        int ended = 0;
        java.util.Map<String, List<Candidate>> perCluster = new java.util.TreeMap<>();
        for (CandidateState st : CandidateState.ON_CLUSTER) {
            for (Candidate x : store.byStateBrief(campaignId, st)) {
                perCluster.computeIfAbsent(x.cluster(), k -> new ArrayList<>()).add(x);
            }
        }
        for (var e : perCluster.entrySet()) {
            String cluster = e.getKey();
            ClusterJobs jobs;
            try {
                jobs = sessions.apply(cluster);
                // a SUBMITTING candidate may have a job the store does not know yet: find it by name first
                if (e.getValue().stream().anyMatch(x -> x.state() == CandidateState.SUBMITTING)) {
                    jobs.reconcile();
                }
            } catch (RuntimeException ex) {
                e.getValue().forEach(x -> left.add(x.id() + ": cluster " + cluster + ": " + ex.getMessage()));
                continue;
            }
            for (Candidate before : e.getValue()) {
                Candidate x = store.get(before.id());
                if (!OPEN.contains(x.state())) {
                    continue;
                }
                if (!x.state().isOnCluster()) {
                    if (end(x)) { // reconciliation found no job: PREPARED again
                        ended++;
                    }
                    continue;
                }
                if (x.jobId() == null) {
                    left.add(x.id() + ": submission in doubt on " + cluster + " (no job id yet)");
                    continue;
                }
                String job = cluster + ":" + x.jobId() + " (" + x.id() + ")";
                try {
                    ExecResult r = jobs.cancel(x.id());
                    if (!r.ok() && !alreadyGone(r)) {
                        left.add(x.id() + ": cancel of job " + job + " failed: " + r.diagnostic(200));
                        continue;
                    }
                    store.recordEvent(campaignId, x.id(), "cancelled job " + job + (r.ok() ? "" : " (it had ended)"));
                    cancelled.add(job);
                } catch (HpcException ex) {
                    left.add(x.id() + ": cancel of job " + job + " failed: " + ex.getMessage());
                    continue;
                }
                if (end(x) || endedByPoll(x)) {
                    ended++;
                }
            }
        }
        return ended;
    }

    /**
     * The poll saw the cancelled job end first (FAILED with the scheduler's "CANCELLED"): the
     * candidate gets the cancel's reason all the same, the scheduler's word kept beside it.
     */
    private boolean endedByPoll(Candidate was) {
        Candidate now = store.get(was.id());
        if (!CandidateState.ENDED.contains(now.state())
                || (now.reason() != null && now.reason().startsWith(REASON + ":"))) {
            return false;
        }
        try {
            store.update(
                    now.id(),
                    now.state(),
                    CandidateChange.reason(
                            REASON + ": was " + was.state() + " (the scheduler reported " + now.reason() + ")"));
            return true;
        } catch (StaleStateException e) {
            return false;
        }
    }

    /** The scheduler no longer knows the job or it has ended: nothing left to cancel. */
    private static boolean alreadyGone(ExecResult r) {
        String t = (r.stdout() + " " + r.stderr()).toLowerCase(Locale.ROOT);
        return t.contains("invalid job id")
                || t.contains("already completing or completed")
                || t.contains("unknown job id")
                || t.contains("job has finished");
    }

    /**
     * Candidates without a job to their final states, {@value #CHUNK} per transaction (one commit
     * each: a cancel ends a prepare queue's worth of candidates in seconds, not one fsync each); a
     * chunk in which another stage moved a candidate first goes one by one.
     */
    private int endAll(List<Candidate> xs) {
        int ended = 0;
        for (int from = 0; from < xs.size(); from += CHUNK) {
            List<Candidate> chunk = xs.subList(from, Math.min(xs.size(), from + CHUNK));
            try {
                store.transitionAll(chunk.stream().map(CampaignCancel::move).toList());
                ended += chunk.size();
            } catch (StaleStateException e) {
                for (Candidate x : chunk) {
                    if (end(x)) {
                        ended++;
                    }
                }
            }
        }
        return ended;
    }

    private static final int CHUNK = 1000;

    private static CandidateStore.Move move(Candidate x) {
        return new CandidateStore.Move(
                x.id(), x.state(), finalState(x.state()), CandidateChange.reason(REASON + ": was " + x.state()));
    }

    /** GENERATED and SCREENED end REJECTED, the others FAILED. */
    private static CandidateState finalState(CandidateState s) {
        return s == CandidateState.GENERATED || s == CandidateState.SCREENED
                ? CandidateState.REJECTED
                : CandidateState.FAILED;
    }

    /**
     * One open candidate to its final state with reason {@value #REASON}, the state it was in as the
     * detail ("cancelled: was SCREENED", so the funnel counts it where it stopped); false when it
     * moved meanwhile.
     */
    private boolean end(Candidate x) {
        try {
            CandidateStore.Move m = move(x);
            store.transition(m.id(), m.from(), m.to(), m.change());
            return true;
        } catch (StaleStateException e) {
            return false; // another stage moved it first: the next complete() sees its new state
        }
    }
}
