package org.xtalflow.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.JobBundleDir;

/**
 * What becomes of a candidate whose job ended FAILED or TIMEOUT once its outputs are fetched
 * (issue 13): the attempt is reviewed and recorded ({@link AttemptReview}); a FIXABLE one goes back
 * to PREPARED with the next attempt's bundle ({@link NextAttemptBundle}), to be submitted again by
 * the poll; any other ends the candidate's road with the reason naming the error key or the locked
 * tag. Crash-safe by construction: the attempt row is written once per (candidate, attempt), the
 * next bundle is renamed into place complete, and the move to PREPARED is the last step, one
 * transaction; a kill -9 anywhere leaves a FAILED candidate whose row says FIXABLE (or no row),
 * which the next round (after a restart: {@link #awaitsSettling}) takes up again where it stopped.
 */
public final class RetryLoop {

    private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

    private final CandidateStore store;
    private final CampaignService campaigns;
    private final Path resultsDir;
    private final AttemptReview review;
    /** Candidates this process ended (nothing more to do for them). */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    public RetryLoop(CandidateStore store, CampaignService campaigns, Path resultsDir, AttemptReview review) {
        this.store = store;
        this.campaigns = campaigns;
        this.resultsDir = resultsDir;
        this.review = review;
    }

    /**
     * Whether a FAILED or TIMEOUT candidate still waits for its job's review or its retry: it had
     * a job, and the attempt of its last submission is not recorded yet or is recorded FIXABLE.
     * Such a candidate is still on the cluster's road (a restarted campaign does not count it as
     * ended).
     */
    public static boolean awaitsSettling(Candidate c, List<StoredAttempt> attempts) {
        if (!CandidateState.RETRYABLE.contains(c.state()) || c.jobId() == null || c.remoteDir() == null) {
            return false;
        }
        int n = Math.max(1, c.submitAttempts());
        return attempts.stream()
                .filter(a -> a.attempt() == n)
                .findFirst()
                .map(a -> AttemptReview.FIXABLE.equals(a.outcome()))
                .orElse(true);
    }

    /** The FAILED and TIMEOUT candidates of the cluster this process has not settled yet. */
    public List<Candidate> unsettled(String cluster) {
        return store.byCluster(cluster, CandidateState.RETRYABLE).stream()
                .filter(c -> !settled.contains(c.id()))
                .toList();
    }

    /**
     * What one round settled.
     *
     * @param retried  candidates sent back to PREPARED for another attempt
     * @param recorded attempts recorded in this round, in order
     */
    public record Settled(int retried, List<StoredAttempt> recorded) {}

    /**
     * Settles every unsettled candidate of the cluster whose results are here. Those without
     * fetched results wait for the fetch (or end there).
     */
    public Settled settle(ClusterProfile profile) {
        int retried = 0;
        List<StoredAttempt> recorded = new java.util.ArrayList<>();
        for (Candidate c : unsettled(profile.name())) {
            if (campaigns.get(c.campaignId()).isEmpty()) {
                settled.add(c.id()); // a campaign this process does not run: left as it is
                continue;
            }
            if (campaigns.cancelled(c.campaignId())) {
                settled.add(c.id()); // a cancelled campaign's jobs are never tried again
                continue;
            }
            Path results = resultsDir.resolve(ClusterJobs.resultFolder(c));
            if (c.jobId() == null || !Files.isDirectory(results)) {
                continue;
            }
            try {
                if (settleOne(c, results, profile, recorded)) retried++;
            } catch (StaleStateException e) {
                LOG.info("{} moved while its attempt was settled: {}", c.id(), e.getMessage());
            } catch (RuntimeException e) {
                // the next attempt could not be written (disk, a broken bundle): the candidate ends, saying why
                LOG.warn("retry of {} failed: {}", c.id(), e.getMessage());
                end(c, "attempt " + c.submitAttempts() + ": the next attempt could not be prepared: " + e.getMessage());
            }
        }
        return new Settled(retried, recorded);
    }

    private boolean settleOne(Candidate c, Path results, ClusterProfile profile, List<StoredAttempt> recorded) {
        int n = Math.max(1, c.submitAttempts());
        long now = System.currentTimeMillis();
        StoredAttempt row = recorded(c, n);
        AttemptReview.Outcome o = null;
        if (row == null || AttemptReview.FIXABLE.equals(row.outcome())) {
            try {
                o = review.examine(c, results, now);
            } catch (RuntimeException e) {
                LOG.warn("attempt review of {} in {} failed: {}", c.id(), results, e.getMessage());
            }
        }
        if (row == null) {
            StoredAttempt fresh = o == null
                    ? AttemptReview.unreadable(c, now, "the job's outputs in " + results + " could not be reviewed")
                    : withinLimits(o, c, profile);
            if (store.recordAttempt(fresh)) recorded.add(fresh);
            row = recorded(c, n);
        }
        if (!AttemptReview.FIXABLE.equals(row.outcome()) || o == null) {
            end(c, endReason(row));
            return false;
        }
        Path next = NextAttemptBundle.write(c, results, o.next(), n, profile, review.policy());
        StopPoint.reached(StopPoint.RETRY_PREPARED);
        store.transition(
                c.id(),
                c.state(),
                CandidateState.PREPARED,
                CandidateChange.none()
                        .withBundlePath(next.toString())
                        .withReason("attempt " + n + " failed with " + row.errors() + "; attempt " + (n + 1) + ": "
                                + row.actions()));
        campaigns.reopenCandidate(c.campaignId(), c.id()); // a no-op unless an operator had ended it
        LOG.info("{}: attempt {} failed with {}; attempt {} prepared in {}", c.id(), n, row.errors(), n + 1, next);
        return true;
    }

    /**
     * The review's attempt, UNFIXABLE when its only fixes are more walltime or memory (and file
     * deletions) that the policy's limits do not allow.
     */
    private StoredAttempt withinLimits(AttemptReview.Outcome o, Candidate c, ClusterProfile profile) {
        StoredAttempt a = o.attempt();
        if (!AttemptReview.FIXABLE.equals(a.outcome())) return a;
        if (!o.next().onlyResources()) return a;
        NextAttemptBundle.Resources r = NextAttemptBundle.resources(
                JobBundleDir.read(Path.of(c.bundlePath())), profile, o.next().factors(), review.policy());
        if (r.changed()) return a;
        return AttemptReview.unfixable(
                a,
                a.errors() + ": the only fix (" + a.actions() + ") needs more than the limit "
                        + (r.limit() == null ? "allows" : r.limit() + " (vasp.corrections)"));
    }

    /**
     * The attempt's reason when it found an error (the key or the locked tag); null when it found
     * none: the candidate keeps the reason it has (the scheduler's words).
     */
    private static String endReason(StoredAttempt row) {
        if (!row.errors().isEmpty() && row.reason() != null && !row.reason().isBlank()) {
            return "attempt " + row.attempt() + (row.step().isEmpty() ? "" : " (" + row.step() + ")") + ": "
                    + row.reason();
        }
        return null;
    }

    private void end(Candidate c, String reason) {
        // compared with the row as it is now, not the round's snapshot: a campaign cancel may have
        // written its reason meanwhile (seen as a flaky CancelSlurmCampaignTest: the snapshot's
        // "CANCELLED" written back over "cancelled: was RUNNING (the scheduler reported CANCELLED)")
        Candidate now = store.get(c.id());
        boolean cancelled = now.reason() != null && now.reason().startsWith(CampaignCancel.REASON + ":");
        if (CandidateState.RETRYABLE.contains(now.state())
                && reason != null
                && !reason.equals(now.reason())
                && !cancelled) {
            store.update(c.id(), now.state(), CandidateChange.none().withReason(reason));
        }
        settled.add(c.id());
        campaigns.endCandidate(c.campaignId(), c.id());
    }

    private StoredAttempt recorded(Candidate c, int n) {
        return store.attempts(c.id()).stream()
                .filter(a -> a.attempt() == n)
                .findFirst()
                .orElse(null);
    }
}
