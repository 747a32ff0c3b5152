package org.xtalflow.campaign;

import static org.xtalflow.campaign.CandidateState.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.hpc.ClusterConnection;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.ExecResult;
import org.xtalflow.hpc.HostPausedException;
import org.xtalflow.hpc.HostStats;
import org.xtalflow.hpc.HpcException;
import org.xtalflow.hpc.JobBundleDir;
import org.xtalflow.hpc.JobRequest;
import org.xtalflow.hpc.JobState;
import org.xtalflow.hpc.JobStatus;
import org.xtalflow.hpc.RemoteHost;
import org.xtalflow.hpc.SafeArchive;
import org.xtalflow.hpc.Scheduler;

/**
 * A campaign's candidates on one cluster: submits PREPARED candidates, reconciles after a crash,
 * polls, fetches results, cancels, and decides what each answer of the cluster (a typed result
 * of the transport, {@link ClusterConnection}) means for the candidate. The store is the truth:
 * a candidate is SUBMITTING (committed) before the scheduler is asked, and SUBMITTING candidates
 * are reconciled against the scheduler (job name {@code xf-<candidate id>}) and the remote marker
 * file before anything is resubmitted, so a candidate never gets two jobs. Thread-safe.
 */
public final class ClusterJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);

    private final ClusterProfile profile;
    private final ClusterConnection cluster;
    private final CandidateStore store;
    private final Object capLock = new Object();
    /** Reference jobs of this cluster in its queue now: they count against max_queued_jobs too. */
    private final java.util.concurrent.atomic.AtomicInteger referenceJobs =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Candidates this process is submitting right now: reconcile must not touch them. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private final Map<String, Integer> missingPolls = new ConcurrentHashMap<>();
    /**
     * Candidates whose submit command ended with a failure that passes, → when (epoch ms) their
     * reconciliation may settle them: the command has ended, so no job can appear after the backoff.
     */
    private final Map<String, Long> transientUntil = new ConcurrentHashMap<>();
    /** Failures that pass in a row, and no submission before (epoch ms): the backoff. */
    private int transientStreak;

    private volatile long submitNotBefore;
    private volatile long lastPollMillis = -1;
    private volatile boolean reconciled;

    public ClusterJobs(ClusterConnection cluster, CandidateStore store) {
        this.profile = cluster.profile();
        this.cluster = cluster;
        this.store = store;
    }

    public ClusterJobs(
            ClusterProfile profile,
            RemoteHost host,
            Scheduler scheduler,
            CandidateStore store,
            SafeArchive.Limits limits) {
        this(new ClusterConnection(profile, host, scheduler, limits), store);
    }

    /** Over SSH (or this machine for scheduler local) with default archive limits. */
    public static ClusterJobs open(ClusterProfile profile, CandidateStore store) {
        return new ClusterJobs(ClusterConnection.open(profile), store);
    }

    public ClusterProfile profile() {
        return profile;
    }

    /**
     * The queue places of the references' jobs on this cluster: one is free while this cluster's
     * candidates on the cluster (SUBMITTING, SUBMITTED, RUNNING) and the references' jobs together
     * stay under the profile's {@code max_queued_jobs}; a candidate waits while they fill it.
     */
    public QueueSlots referenceSlots() {
        return new QueueSlots() {
            @Override
            public boolean take() {
                synchronized (capLock) {
                    if (store.countOnCluster(profile.name()) + referenceJobs.get() >= profile.maxQueuedJobs()) {
                        return false;
                    }
                    referenceJobs.incrementAndGet();
                    return true;
                }
            }

            @Override
            public void give() {
                referenceJobs.updateAndGet(u -> Math.max(0, u - 1));
            }
        };
    }

    /** The transport this session submits, polls and fetches through (the references' jobs share it). */
    public ClusterConnection connection() {
        return cluster;
    }

    public RemoteHost host() {
        return cluster.host();
    }

    /**
     * The candidate state a job state means: queued → SUBMITTED, running → RUNNING, ended →
     * FINISHED, FAILED or TIMEOUT.
     */
    public static CandidateState candidateState(JobState s) {
        return switch (s) {
            case PENDING, UNKNOWN -> SUBMITTED;
            case RUNNING -> CandidateState.RUNNING;
            case COMPLETED -> FINISHED;
            case TIMEOUT -> CandidateState.TIMEOUT;
            case FAILED, CANCELLED, NODE_FAIL, OUT_OF_MEMORY -> CandidateState.FAILED;
        };
    }

    // ------------------------------------------------------------------ submit

    /** Outcome of one submission attempt. */
    public enum SubmitStatus {
        /** Accepted; the candidate is SUBMITTED with its job id. */
        SUBMITTED,
        /** The cluster's max-queued-jobs cap is reached; the candidate stays PREPARED. */
        DEFERRED,
        /** The scheduler refused the job; the candidate is FAILED with the scheduler's reason. */
        REFUSED,
        /** Nothing reached the scheduler (upload failed, host paused); the candidate is PREPARED again. */
        NOT_SENT,
        /** The connection broke while the scheduler was asked; the candidate stays SUBMITTING until reconciled. */
        UNKNOWN,
        /**
         * The scheduler failed in a way that passes (controller busy or unreachable); the candidate
         * stays SUBMITTING, is looked up by job name after a backoff and submitted again when no
         * job was made.
         */
        TRANSIENT
    }

    /** The first backoff after a failure that passes; it doubles with each one in a row. */
    static final long BACKOFF_INITIAL_MS = 2_000;
    /** The longest backoff. */
    static final long BACKOFF_MAX_MS = 60_000;

    public record SubmitResult(String candidateId, SubmitStatus status, String jobId, String reason) {}

    /**
     * Submits a PREPARED candidate whose bundle path is set. Reconciles first if this session has
     * not done so yet (a crash may have left SUBMITTING candidates).
     */
    public SubmitResult submit(String candidateId) {
        if (!reconciled) reconcile();
        Candidate c = store.get(candidateId);
        if (c.state() != PREPARED) {
            throw new HpcException(
                    profile.name() + ": candidate " + candidateId + " is " + c.state() + ", not PREPARED");
        }
        if (c.bundlePath() == null) {
            throw new HpcException(profile.name() + ": candidate " + candidateId + " has no bundle path");
        }
        JobBundleDir bundle = JobBundleDir.read(Path.of(c.bundlePath()));
        if (!bundle.candidateId().equals(candidateId)) {
            throw new HpcException(profile.name() + ": bundle " + bundle.dir() + " is for candidate "
                    + bundle.candidateId() + ", not " + candidateId);
        }
        // a fresh folder per attempt: a retried candidate must not find the last attempt's marker
        String dir = profile.jobDir(candidateId) + "/a" + (c.submitAttempts() + 1);
        synchronized (capLock) {
            long wait = submitNotBefore - System.currentTimeMillis();
            if (wait > 0) {
                return new SubmitResult(
                        candidateId,
                        SubmitStatus.DEFERRED,
                        null,
                        "backing off after a scheduler failure that passes (" + (wait + 999) / 1000 + " s left)");
            }
            if (store.countOnCluster(profile.name()) + referenceJobs.get() >= profile.maxQueuedJobs()) {
                return new SubmitResult(
                        candidateId,
                        SubmitStatus.DEFERRED,
                        null,
                        "max_queued_jobs " + profile.maxQueuedJobs() + " reached");
            }
            // in flight before SUBMITTING is visible, so a concurrent reconcile never takes it for a crash leftover
            inFlight.add(candidateId);
            try {
                store.transition(
                        candidateId,
                        PREPARED,
                        SUBMITTING,
                        CandidateChange.none()
                                .withCluster(profile.name())
                                .withRemoteDir(dir)
                                .withMessage("submitting to " + profile.name()));
            } catch (RuntimeException e) {
                inFlight.remove(candidateId);
                throw e;
            }
        }
        StopPoint.reached(StopPoint.SUBMIT_COMMITTED);
        Path archive;
        try {
            archive = bundle.archive();
        } catch (HpcException e) {
            store.transition(candidateId, SUBMITTING, PREPARED, CandidateChange.reason("not sent: " + e.getMessage()));
            inFlight.remove(candidateId);
            throw e;
        }
        try {
            return send(candidateId, bundle, archive, dir);
        } finally {
            inFlight.remove(candidateId);
            if (bundle.packedArchive() == null) {
                try {
                    Files.deleteIfExists(archive); // our temporary packing
                } catch (IOException e) {
                    LOG.warn("could not delete temporary archive {}: {}", archive, e.getMessage());
                }
            }
        }
    }

    private SubmitResult send(String id, JobBundleDir bundle, Path archive, String dir) {
        ClusterConnection.Submission answer = cluster.submit(id, bundle, archive, dir);
        if (answer instanceof ClusterConnection.Submission.Accepted a) {
            synchronized (capLock) {
                transientStreak = 0;
            }
            StopPoint.reached(StopPoint.SUBMIT_ACCEPTED);
            store.transition(
                    id,
                    SUBMITTING,
                    SUBMITTED,
                    CandidateChange.none()
                            .withJobId(a.jobId())
                            .withMessage("job " + a.jobId() + " on " + profile.name())
                            .countIn("submit", "submitted"));
            return new SubmitResult(id, SubmitStatus.SUBMITTED, a.jobId(), null);
        }
        if (answer instanceof ClusterConnection.Submission.Refused r) {
            store.transition(
                    id, SUBMITTING, FAILED, CandidateChange.reason(r.reason()).countIn("submit", "refused"));
            return new SubmitResult(id, SubmitStatus.REFUSED, null, r.reason());
        }
        if (answer instanceof ClusterConnection.Submission.NotSent n) {
            // the scheduler was not asked: safe to go back to PREPARED
            store.transition(id, SUBMITTING, PREPARED, CandidateChange.reason(n.reason()));
            return new SubmitResult(id, SubmitStatus.NOT_SENT, null, n.reason());
        }
        if (answer instanceof ClusterConnection.Submission.Transient t) {
            long backoff;
            synchronized (capLock) {
                transientStreak++;
                backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS << Math.min(20, transientStreak - 1));
                submitNotBefore = System.currentTimeMillis() + backoff;
            }
            transientUntil.put(id, System.currentTimeMillis() + backoff);
            try {
                store.update(
                        id,
                        SUBMITTING,
                        CandidateChange.none()
                                .withReason(t.reason())
                                .withMessage("submission failed in a way that passes; job name looked up in "
                                        + backoff / 1000 + " s before it is submitted again"));
            } catch (StaleStateException e) {
                LOG.info("{}: {} moved after a failed submission ({})", profile.name(), id, e.getMessage());
            }
            LOG.warn(
                    "{}: submission of {} failed in a way that passes ({}); backing off {} ms",
                    profile.name(),
                    id,
                    t.reason(),
                    backoff);
            return new SubmitResult(id, SubmitStatus.TRANSIENT, null, t.reason());
        }
        String why = ((ClusterConnection.Submission.Unknown) answer).reason();
        LOG.warn(
                "{}: submission of {} has an unknown outcome ({}); it stays SUBMITTING until reconciled",
                profile.name(),
                id,
                why);
        return new SubmitResult(id, SubmitStatus.UNKNOWN, null, why);
    }

    /**
     * Submits PREPARED candidates in order until the cap is reached (the rest stay PREPARED).
     * Stops early when the host is paused.
     */
    public List<SubmitResult> submitAll(Collection<String> candidateIds) {
        List<SubmitResult> out = new ArrayList<>();
        for (String id : candidateIds) {
            SubmitResult r;
            try {
                r = submit(id);
            } catch (HostPausedException e) {
                out.add(new SubmitResult(id, SubmitStatus.NOT_SENT, null, e.getMessage()));
                break;
            }
            out.add(r);
            if (r.status() == SubmitStatus.DEFERRED) break;
            if (r.status() != SubmitStatus.SUBMITTED
                    && r.status() != SubmitStatus.REFUSED
                    && cluster.hostStats().paused()) break;
        }
        return out;
    }

    // ------------------------------------------------------------------ reconcile

    /**
     * Counts of what reconciliation decided.
     *
     * @param found   SUBMITTING candidates looked at (not being submitted by this process)
     * @param byName  settled SUBMITTED by a scheduler job named {@code xf-<id>}
     * @param byMarker settled SUBMITTED by the remote marker file
     * @param reset   back to PREPARED: the submit command never ran on the cluster
     * @param inDoubt left SUBMITTING for now: the submit command ran recently and may still create a job
     */
    public record ReconcileReport(int found, int byName, int byMarker, int reset, int inDoubt) {}

    /**
     * How long (ms) after the remote submit command started a candidate with neither job nor marker
     * stays in doubt: at least a minute, and longer than the client waits for a command.
     */
    public long inDoubtMillis() {
        return Math.max(60_000, 2 * profile.ssh().commandTimeoutMs());
    }

    /**
     * Settles SUBMITTING candidates (left by a crash or a broken connection) that this process is
     * not submitting right now: a job with the candidate's name, or a remote marker with a job id,
     * makes it SUBMITTED (the job is adopted, never duplicated); a job folder where the submit
     * command never ran makes it PREPARED (safe to submit); a submit command that ran less than
     * {@link #inDoubtMillis} ago without a job yet leaves it SUBMITTING for the next round.
     * Uses one scheduler call and one command reading the markers.
     */
    public synchronized ReconcileReport reconcile() {
        List<Candidate> pending = new ArrayList<>();
        for (Candidate c : store.byCluster(profile.name(), List.of(SUBMITTING))) {
            if (!inFlight.contains(c.id())) pending.add(c);
        }
        if (pending.isEmpty()) {
            reconciled = true;
            return new ReconcileReport(0, 0, 0, 0, 0);
        }
        Map<String, List<JobStatus>> byName = new HashMap<>();
        for (JobStatus s : listJobs(List.of()).values()) {
            if (s.jobName() != null)
                byName.computeIfAbsent(s.jobName(), k -> new ArrayList<>()).add(s);
        }
        int nName = 0, nMarker = 0, nReset = 0, nDoubt = 0;
        List<Candidate> noName = new ArrayList<>();
        for (Candidate c : pending) {
            // a retried candidate's earlier jobs (recorded) may be listed under the same name
            Set<String> earlier = earlierJobs(c);
            JobStatus s = byName.getOrDefault(JobRequest.jobNameFor(c.id()), List.of()).stream()
                    .filter(j -> !earlier.contains(j.jobId()))
                    .findFirst()
                    .orElse(null);
            if (s != null) {
                settle(c, s.jobId(), "reconciled: scheduler has job " + s.jobId() + " named " + s.jobName());
                nName++;
            } else {
                noName.add(c);
            }
        }
        if (!noName.isEmpty()) {
            Map<String, ClusterConnection.SubmitMarker> markers = cluster.readMarkers(
                    noName.stream().map(Candidate::remoteDir).toList());
            Map<Candidate, String> toReset = new java.util.LinkedHashMap<>();
            for (Candidate c : noName) {
                ClusterConnection.SubmitMarker f = markers.get(c.remoteDir());
                if (f == null) {
                    LOG.warn(
                            "{}: no marker answer for {} ({}); left SUBMITTING", profile.name(), c.id(), c.remoteDir());
                    nDoubt++;
                    continue;
                }
                String jobId = f.markerJobId();
                long startedAgoS = f.startedSecondsAgo();
                Long settleAfter = transientUntil.get(c.id());
                // a submit command that ended with a failure that passes makes no job after its backoff
                boolean ended = settleAfter != null && System.currentTimeMillis() >= settleAfter;
                if (!jobId.isEmpty()) {
                    settle(c, jobId.split(";")[0], "reconciled: remote marker names job " + jobId);
                    transientUntil.remove(c.id());
                    nMarker++;
                } else if (settleAfter != null && !ended) {
                    nDoubt++;
                } else if (!ended && startedAgoS >= 0 && startedAgoS * 1000 < inDoubtMillis()) {
                    LOG.info(
                            "{}: {} has no job yet but its submit command started {} s ago; left SUBMITTING",
                            profile.name(),
                            c.id(),
                            startedAgoS);
                    nDoubt++;
                } else {
                    toReset.put(
                            c,
                            startedAgoS < 0
                                    ? "the submit command never ran"
                                    : ended
                                            ? "the submit command failed in a way that passes"
                                            : "the submit command ran " + startedAgoS + " s ago and made no job");
                }
            }
            // a job the queue has forgotten (ended long ago) is still in the accounting, where there is one
            Map<String, String> accounted = new HashMap<>();
            if (!toReset.isEmpty()) {
                for (JobStatus s : cluster.accountedJobs(toReset.keySet().stream()
                                .map(c -> JobRequest.jobNameFor(c.id()))
                                .toList())
                        .values()) {
                    if (s.jobName() != null) accounted.put(s.jobName() + "|" + s.jobId(), s.jobId());
                }
            }
            for (Map.Entry<Candidate, String> e : toReset.entrySet()) {
                Candidate c = e.getKey();
                transientUntil.remove(c.id());
                String name = JobRequest.jobNameFor(c.id());
                Set<String> earlier = earlierJobs(c);
                String adopted = accounted.entrySet().stream()
                        .filter(a -> a.getKey().startsWith(name + "|") && !earlier.contains(a.getValue()))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(null);
                if (adopted != null) {
                    settle(c, adopted, "reconciled: the accounting (sacct) has job " + adopted + " named " + name);
                    nName++;
                    continue;
                }
                try {
                    store.transition(
                            c.id(),
                            SUBMITTING,
                            PREPARED,
                            CandidateChange.none()
                                    .withMessage("reconciled: no job named " + name + " and no marker on "
                                            + profile.name() + " (" + e.getValue() + "); safe to submit again"));
                    nReset++;
                } catch (StaleStateException ex) {
                    LOG.info("{}: {} moved while reconciling ({})", profile.name(), c.id(), ex.getMessage());
                }
            }
        }
        reconciled = true;
        LOG.info(
                "{}: reconciled {} SUBMITTING candidates: {} by job name, {} by marker, {} reset to PREPARED, {} in doubt",
                profile.name(),
                pending.size(),
                nName,
                nMarker,
                nReset,
                nDoubt);
        return new ReconcileReport(pending.size(), nName, nMarker, nReset, nDoubt);
    }

    /** The jobs of a candidate's earlier attempts (its last job id and those of its recorded attempts). */
    private Set<String> earlierJobs(Candidate c) {
        Set<String> ids = new java.util.HashSet<>();
        if (c.jobId() != null) ids.add(c.jobId());
        for (StoredAttempt a : store.attempts(c.id())) {
            if (a.jobId() != null) ids.add(a.jobId());
        }
        return ids;
    }

    private void settle(Candidate c, String jobId, String message) {
        try {
            // the adopted job counts as submitted now: its submitter died before recording it
            store.transition(
                    c.id(),
                    SUBMITTING,
                    SUBMITTED,
                    CandidateChange.none().withJobId(jobId).withMessage(message).countIn("submit", "submitted"));
        } catch (StaleStateException e) {
            LOG.info("{}: {} moved while reconciling ({})", profile.name(), c.id(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ poll

    /**
     * @param tracked jobs asked about (SUBMITTED + RUNNING)
     * @param schedulerCalls remote scheduler commands this poll made (1, or 2 when sacct was asked)
     * @param transitions candidate state changes made
     * @param latencyMs wall time of the poll
     */
    public record PollReport(int tracked, int schedulerCalls, int transitions, long latencyMs) {}

    /**
     * One scheduler call for all of this cluster's tracked jobs; applies the states to the store.
     * SUBMITTING candidates this process is not submitting (a crash's or a broken connection's
     * leftovers) are reconciled first: nothing else would ever move them.
     */
    public PollReport poll() {
        long t0 = System.nanoTime();
        if (store.byCluster(profile.name(), List.of(SUBMITTING)).stream().anyMatch(c -> !inFlight.contains(c.id()))) {
            reconcile();
        }
        List<Candidate> tracked = store.byCluster(profile.name(), TRACKED);
        if (tracked.isEmpty()) return new PollReport(0, 0, 0, 0);
        int calls = 1;
        Map<String, JobStatus> status =
                listJobs(tracked.stream().map(Candidate::jobId).toList());
        int moved = 0;
        List<Candidate> missing = new ArrayList<>();
        for (Candidate c : tracked) {
            JobStatus s = c.jobId() == null ? null : status.get(c.jobId());
            if (s == null) {
                missing.add(c);
            } else {
                missingPolls.remove(c.id());
                moved += apply(c, s);
            }
        }
        if (!missing.isEmpty()) {
            ClusterConnection.Finished answer =
                    cluster.finished(missing.stream().map(Candidate::jobId).toList());
            if (answer.asked()) calls++;
            Map<String, JobStatus> finished = answer.byJobId();
            for (Candidate c : missing) {
                JobStatus s = finished.get(c.jobId());
                if (s != null) {
                    moved += apply(c, s);
                } else if (missingPolls.merge(c.id(), 1, Integer::sum) >= 2) {
                    // twice absent and no accounting: the end state is unknowable; say so rather than guess
                    moved += move(
                            c,
                            FAILED,
                            "job " + c.jobId() + " left the queue without a known final state"
                                    + " (no accounting); its folder is " + c.remoteDir());
                    missingPolls.remove(c.id());
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        lastPollMillis = ms;
        return new PollReport(tracked.size(), calls, moved, ms);
    }

    /** The scheduler's view of the user's jobs (one call), job id → status. */
    private Map<String, JobStatus> listJobs(Collection<String> trackedIds) {
        return cluster.listJobs(trackedIds);
    }

    private int apply(Candidate c, JobStatus s) {
        CandidateState target = candidateState(s.state());
        if (target == c.state()) {
            // a cancelled campaign's candidate keeps the cancel's reason (CampaignCancel), not the scheduler's
            // CANCELLED
            boolean cancelled = c.reason() != null && c.reason().startsWith(CampaignCancel.REASON + ":");
            if (!cancelled && !s.reason().equals(c.reason())) {
                try {
                    store.update(c.id(), c.state(), CandidateChange.none().withReason(s.reason()));
                } catch (StaleStateException ignored) {
                    // moved by someone else meanwhile: next poll sees it
                }
            }
            return 0;
        }
        if (!c.state().canMoveTo(target)) return 0; // e.g. RUNNING job requeued to PENDING: keep RUNNING
        return move(c, target, s.reason());
    }

    private int move(Candidate c, CandidateState to, String reason) {
        try {
            store.transition(c.id(), c.state(), to, CandidateChange.reason(reason));
            return 1;
        } catch (StaleStateException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ fetch

    /**
     * @param fetched candidate ids whose results are now unpacked under the output folder (see {@link #resultFolder})
     * @param failed candidate id → why not (retried next time)
     * @param withoutResults the candidates among {@code failed} whose job folder has no result file at all
     *                       (the job ended without outputs: there is nothing to wait for)
     */
    public record FetchReport(List<String> fetched, Map<String, String> failed, Set<String> withoutResults) {}

    /**
     * Downloads the results of ended jobs (FINISHED, FAILED, TIMEOUT) not yet fetched, one tar.gz
     * per job, each checked ({@link SafeArchive}) and unpacked atomically into
     * {@code outDir/}{@link #resultFolder}.
     * A broken download is retried ({@code attempts} in all); a folder is never half-unpacked.
     */
    public FetchReport fetch(Path outDir, int attempts) {
        List<Candidate> ended = new ArrayList<>();
        for (Candidate c : store.byCluster(profile.name(), JOB_ENDED)) {
            if (c.remoteDir() != null && c.jobId() != null && !Files.exists(outDir.resolve(resultFolder(c))))
                ended.add(c);
        }
        List<String> ok = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Set<String> withoutResults = new java.util.LinkedHashSet<>();
        if (ended.isEmpty()) return new FetchReport(ok, failed, withoutResults);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new HpcException("cannot create " + outDir + ": " + e.getMessage(), e);
        }
        Map<String, Long> sizes =
                cluster.packResults(ended.stream().map(Candidate::remoteDir).toList());
        for (Candidate c : ended) {
            Long size = sizes.get(c.remoteDir());
            if (size == null) {
                failed.put(c.id(), "no result files in " + c.remoteDir());
                withoutResults.add(c.id());
                continue;
            }
            try {
                cluster.fetchResults(c.id(), c.remoteDir(), size, outDir.resolve(resultFolder(c)), attempts);
                ok.add(c.id());
                store.recordEvent(c.campaignId(), c.id(), "results fetched to " + outDir.resolve(resultFolder(c)));
            } catch (HostPausedException e) {
                failed.put(c.id(), e.getMessage());
                break;
            } catch (HpcException e) {
                failed.put(c.id(), e.getMessage());
            }
        }
        return new FetchReport(ok, failed, withoutResults);
    }

    /**
     * The folder (under fetch's output folder) for a candidate's results: {@code <id>} for a
     * FINISHED job (what the harvest reads), {@code <id>.a<attempt>.failed|timeout} for an ended
     * one kept for diagnosis, so that a retried candidate's later results are fetched too.
     */
    public static String resultFolder(Candidate c) {
        return c.state() == FINISHED
                ? c.id()
                : c.id() + ".a" + c.submitAttempts() + "." + c.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    // ------------------------------------------------------------------ cancel, stats

    /** Asks the scheduler to cancel a candidate's job; the next poll records the CANCELLED state. */
    public ExecResult cancel(String candidateId) {
        Candidate c = store.get(candidateId);
        if (c.jobId() == null || !c.state().isOnCluster()) {
            throw new HpcException(
                    profile.name() + ": candidate " + candidateId + " has no job on the cluster (" + c.state() + ")");
        }
        return cluster.cancel(c.jobId());
    }

    /** Whether the cluster's accounting (sacct) answers: the profile says so and the probe agrees. */
    public boolean accounting() {
        return cluster.accountingAvailable();
    }

    /** Scheduler queries made (polls, accounting, reconciliation listings). */
    public long schedulerCalls() {
        return cluster.schedulerCalls();
    }

    /** Submission commands sent (each runs one sbatch/qsub at most). */
    public long submitCalls() {
        return cluster.submitCalls();
    }

    /** Wall time of the last poll (ms), -1 before the first. */
    public long lastPollMillis() {
        return lastPollMillis;
    }

    public HostStats hostStats() {
        return cluster.hostStats();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
