package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.HostStats;
import org.xtalflow.hpc.HpcException;
import org.xtalflow.vasp.errors.RunPolicy;

/**
 * The campaigns' work on every configured cluster: one {@link ClusterJobs} per cluster profile,
 * opened when first needed. The routes call it as bean {@code clusters}: {@link #submit} from the
 * submit queue; {@link #poll} on the poll timer, which asks each busy cluster's scheduler once,
 * fetches ended jobs and returns the PREPARED candidates to (re)submit and the FINISHED ones to
 * harvest. Per cluster it keeps the operator's pause flag and the last error (the camel package
 * shows them over JMX).
 */
public final class ClusterWork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWork.class);

    /** What an operator and a poll leave on one cluster. */
    private static final class ClusterState {
        volatile boolean paused;
        volatile String lastError = "";
        final java.util.concurrent.atomic.AtomicLong attemptsReviewed = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong attemptsRetried = new java.util.concurrent.atomic.AtomicLong();
        volatile String lastVaspError = "";
        volatile String lastDftError = "";

        void recorded(StoredAttempt a, org.xtalflow.dft.Engine engine) {
            attemptsReviewed.incrementAndGet();
            if (!a.errors().isEmpty()) {
                String text = a.candidateId() + " attempt " + a.attempt()
                        + (a.step().isEmpty() ? "" : " (" + a.step() + ")") + ": " + a.errors() + " -> " + a.outcome()
                        + (a.reason() == null ? "" : ": " + a.reason());
                lastDftError = engine.configName() + " " + text;
                if (engine == org.xtalflow.dft.Engine.VASP) {
                    lastVaspError = text;
                }
            }
        }
    }

    private final Map<String, ClusterProfile> profiles;
    private final CandidateStore store;
    private final CampaignService campaigns;
    private final Path resultsDir;
    private final Function<Candidate, WorkItem> toItem;
    /** conf's vasp.workflow, lock and corrections: how ended jobs are reviewed and retried. */
    private final AttemptReview attemptReview;

    private final RetryLoop retries;

    private final Map<String, ClusterJobs> sessions = new ConcurrentHashMap<>();
    private final Map<String, ClusterState> states = new ConcurrentHashMap<>();
    /** Told after each poll of a cluster, with the host's counters (the JMX view samples them). */
    private volatile BiConsumer<String, HostStats> polled = (cluster, stats) -> {};
    /** Candidates on the submit queue now (not to be queued twice). */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** FINISHED candidates this process handed to the harvest queue (each once). */
    private final Set<String> toHarvest = ConcurrentHashMap.newKeySet();

    /** With the default vasp policy ({@link RunPolicy#defaults()}: MP's flow, the default lock and corrections). */
    public ClusterWork(
            Map<String, ClusterProfile> profiles,
            CandidateStore store,
            CampaignService campaigns,
            Path resultsDir,
            Function<Candidate, WorkItem> toItem) {
        this(profiles, store, campaigns, resultsDir, toItem, RunPolicy.defaults());
    }

    /** @param policy conf's {@code vasp:} workflow, lock and corrections: how ended jobs are reviewed and retried */
    public ClusterWork(
            Map<String, ClusterProfile> profiles,
            CandidateStore store,
            CampaignService campaigns,
            Path resultsDir,
            Function<Candidate, WorkItem> toItem,
            RunPolicy policy) {
        this.attemptReview = new AttemptReview(policy);
        this.retries = new RetryLoop(store, campaigns, resultsDir, attemptReview);
        this.profiles = Map.copyOf(profiles);
        this.store = store;
        this.campaigns = campaigns;
        this.resultsDir = resultsDir;
        this.toItem = toItem;
        for (String name : profiles.keySet()) {
            states.put(name, new ClusterState());
        }
    }

    /** The configured cluster names. */
    public Set<String> clusters() {
        return profiles.keySet();
    }

    public void onPolled(BiConsumer<String, HostStats> listener) {
        this.polled = listener;
    }

    private ClusterJobs session(String cluster) {
        ClusterProfile p = profiles.get(cluster);
        if (p == null) {
            throw new StageUnavailableException(
                    "submit", "no cluster profile '" + cluster + "' in the clusters section of the configuration");
        }
        return sessions.computeIfAbsent(cluster, c -> ClusterJobs.open(p, store));
    }

    /**
     * Submits one PREPARED candidate. Returns the item with its job id when the scheduler took it;
     * null when it stays PREPARED (cap reached, host paused, cluster paused: the poll re-queues it),
     * was refused (FAILED, reason in the store) or awaits reconciliation (SUBMITTING).
     */
    public WorkItem submit(WorkItem item) {
        queued.remove(item.candidateId());
        ClusterState m = states.get(item.cluster());
        if (m != null && m.paused) {
            return null;
        }
        CampaignRun run = campaigns.require(item.campaignId());
        campaigns.followStoredCancel(run); // a cancel from another process: nothing more goes out
        if (run.parkIfPaused(Stage.SUBMIT, item)) {
            return null;
        }
        // The prepare route and the poll's re-queue can both put a candidate here; the store says
        // whether it still waits (the submit route has one consumer, so this check does not race).
        if (store.get(item.candidateId()).state() != CandidateState.PREPARED) {
            return null;
        }
        ClusterJobs.SubmitResult r;
        try {
            r = session(item.cluster()).submit(item.candidateId());
        } catch (HpcException e) {
            if (m != null) {
                m.lastError = e.getMessage();
            }
            throw e;
        }
        switch (r.status()) {
            case SUBMITTED: // funnel submit.submitted/refused: counted by the session with the transition
                if (campaigns.cancelled(item.campaignId())) {
                    campaigns.completeCancel(item.campaignId()); // cancelled while this job went out: cancel it too
                    return null;
                }
                return item.withJobId(r.jobId());
            case REFUSED:
                if (m != null) {
                    m.lastError = item.candidateId() + ": " + r.reason();
                }
                campaigns.endCandidate(item.campaignId(), item.candidateId());
                return null;
            case TRANSIENT: // stays SUBMITTING: the session's reconciliation frees it after the backoff
                if (m != null) {
                    m.lastError = item.candidateId() + ": " + r.reason();
                }
                return null;
            default:
                LOG.debug("{}: {} ({}), left for the next poll", item.candidateId(), r.status(), r.reason());
                return null;
        }
    }

    /**
     * What one poll round hands on (routes/poll.yaml sends each list to its queue).
     *
     * @param toSubmit  PREPARED candidates of running campaigns, for the submit queue
     * @param toHarvest FINISHED candidates whose results are here, for the harvest queue
     */
    public record PollWork(List<WorkItem> toSubmit, List<WorkItem> toHarvest) {}

    /** One round over every cluster with work: scheduler poll, fetch; returns the work to hand over (routes/poll.yaml). */
    public PollWork poll() {
        List<WorkItem> toSubmit = new ArrayList<>();
        List<WorkItem> toHarvestNow = new ArrayList<>();
        for (String cluster : profiles.keySet()) {
            List<Candidate> busy = store.byCluster(cluster, CandidateState.ON_CLUSTER_ROAD);
            if (busy.isEmpty()
                    && !sessions.containsKey(cluster)
                    && retries.unsettled(cluster).isEmpty()) {
                continue;
            }
            ClusterState m = states.get(cluster);
            try {
                ClusterJobs s = session(cluster);
                ClusterJobs.PollReport report = s.poll();
                HostStats st = s.hostStats();
                if (st.lastError() != null) {
                    m.lastError = st.lastError();
                }
                polled.accept(cluster, st);
                // PREPARED candidates of running campaigns: back on the submit queue (the session
                // defers them again while the cluster is at its cap).
                if (!m.paused) {
                    for (Candidate c : store.byCluster(cluster, Set.of(CandidateState.PREPARED))) {
                        boolean running = campaigns
                                .get(c.campaignId())
                                .map(r -> r.status() == CampaignStatus.ACTIVE)
                                .orElse(false);
                        if (running && queued.add(c.id())) {
                            toSubmit.add(toItem.apply(c));
                        }
                    }
                }
                ClusterJobs.FetchReport fetched = s.fetch(resultsDir, 3);
                fetched.failed().forEach((id, why) -> {
                    m.lastError = id + ": " + why;
                    Candidate c = store.get(id);
                    if (c.state() != CandidateState.FINISHED
                            && fetched.withoutResults().contains(id)) {
                        campaigns.endCandidate(c.campaignId(), c.id()); // ended without outputs: nothing to wait for
                    }
                });
                if (!fetched.fetched().isEmpty()) {
                    StopPoint.reached(StopPoint.RESULTS_FETCHED);
                }
                // FAILED and TIMEOUT jobs with their outputs here: reviewed, then retried or ended
                RetryLoop.Settled settled = retries.settle(profiles.get(cluster));
                settled.recorded().forEach(a -> m.recorded(a, engineOf(a.campaignId())));
                m.attemptsRetried.addAndGet(settled.retried());
                // Every FINISHED candidate with its results here goes to the harvest once per process:
                // those fetched now, and those a killed process fetched but did not harvest.
                for (Candidate c : store.byCluster(cluster, Set.of(CandidateState.FINISHED))) {
                    Path results = resultsDir.resolve(ClusterJobs.resultFolder(c));
                    if (java.nio.file.Files.isDirectory(results) && toHarvest.add(c.id())) {
                        reviewAttempt(c, results); // once per job: a row recorded before a kill is kept
                        toHarvestNow.add(toItem.apply(c).withBundle(results));
                    }
                }
                LOG.debug("poll {}: {}", cluster, report);
            } catch (RuntimeException e) {
                m.lastError = e.getMessage();
                LOG.warn("poll of cluster {} failed: {}", cluster, e.getMessage());
            }
        }
        return new PollWork(toSubmit, toHarvestNow);
    }

    /**
     * Records what an ended job's fetched outputs say (errors, planned corrections, locked ones) as
     * the candidate's attempt; a problem reading them is logged and never stops the poll.
     */
    private void reviewAttempt(Candidate c, Path results) {
        try {
            StoredAttempt a = attemptReview.review(c, results, System.currentTimeMillis());
            if (store.recordAttempt(a) && c.cluster() != null && states.containsKey(c.cluster())) {
                states.get(c.cluster()).recorded(a, engineOf(c.campaignId()));
            }
        } catch (RuntimeException e) {
            LOG.warn("attempt review of {} in {} failed: {}", c.id(), results, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ operator's view, per cluster

    public boolean isPaused(String cluster) {
        return state(cluster).paused;
    }

    /** Stops submission to the cluster (polling and fetching go on); {@link #resume} starts it again. */
    public void pause(String cluster) {
        state(cluster).paused = true;
    }

    public void resume(String cluster) {
        state(cluster).paused = false;
    }

    /** The last problem seen on the cluster ("" when none). */
    public String lastError(String cluster) {
        return state(cluster).lastError;
    }

    /** Jobs of the cluster whose outputs this process reviewed and recorded as attempts. */
    public long attemptsReviewed(String cluster) {
        return state(cluster).attemptsReviewed.get();
    }

    /** Failed jobs of the cluster this process sent back for another attempt. */
    public long attemptsRetried(String cluster) {
        return state(cluster).attemptsRetried.get();
    }

    /** The last VASP error an attempt on the cluster met, with its outcome ("" when none yet). */
    public String lastVaspError(String cluster) {
        return state(cluster).lastVaspError;
    }

    /** The last error a DFT attempt of any engine met on this cluster, the engine first ("gpaw c-1 attempt 1: ..."). */
    public String lastDftError(String cluster) {
        return state(cluster).lastDftError;
    }

    /** The engine a campaign's attempts ran with (its spec, else its cluster's profile, else VASP). */
    private org.xtalflow.dft.Engine engineOf(String campaignId) {
        try {
            return EngineChoice.of(
                            CampaignSummary.specFromStore(store, campaignId),
                            n -> profiles.containsKey(n) ? profiles.get(n).engine() : null)
                    .engine();
        } catch (RuntimeException unreadable) {
            return org.xtalflow.dft.Engine.VASP; // a campaign registered from bundles: VASP's
        }
    }

    /** Our jobs waiting in the cluster's queue ({@link CandidateState#QUEUED}). */
    public int jobsQueued(String cluster) {
        return store.byCluster(cluster, CandidateState.QUEUED).size();
    }

    public int jobsRunning(String cluster) {
        return store.byCluster(cluster, Set.of(CandidateState.RUNNING)).size();
    }

    public int maxQueuedJobs(String cluster) {
        return profiles.get(cluster).maxQueuedJobs();
    }

    /**
     * FINISHED candidates whose harvest waited (for same-engine references): the next poll hands
     * them to the harvest queue again.
     */
    public void harvestAgain(java.util.Collection<String> candidateIds) {
        toHarvest.removeAll(candidateIds);
    }

    /** The cluster's session, opened when first needed (the cancel of a campaign uses it). */
    public ClusterJobs jobs(String cluster) {
        return session(cluster);
    }

    /** The cluster's session when one is open (it opens at the first submit or poll with work). */
    public Optional<ClusterJobs> openSession(String cluster) {
        return Optional.ofNullable(sessions.get(cluster));
    }

    /** FAILED and TIMEOUT candidates of the cluster back to PREPARED (operator's retry); returns how many. */
    public int retryFailed(String cluster) {
        int n = 0;
        for (Candidate c : store.byCluster(cluster, CandidateState.RETRYABLE)) {
            if (store.campaign(c.campaignId())
                    .map(x -> x.status() == CampaignStatus.CANCELLED)
                    .orElse(false)) {
                continue; // a cancelled campaign's candidates stay ended
            }
            store.transition(
                    c.id(), c.state(), CandidateState.PREPARED, CandidateChange.reason("retry requested over JMX"));
            campaigns.reopenCandidate(c.campaignId(), c.id());
            n++;
        }
        return n;
    }

    private ClusterState state(String cluster) {
        ClusterState st = states.get(cluster);
        if (st == null) {
            throw new IllegalArgumentException("no cluster profile '" + cluster + "'");
        }
        return st;
    }

    @Override
    public void close() {
        sessions.values().forEach(ClusterJobs::close);
        sessions.clear();
    }
}
