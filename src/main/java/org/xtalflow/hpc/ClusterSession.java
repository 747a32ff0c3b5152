package org.xtalflow.hpc;

import org.xtalflow.config.BatchSystem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StaleStateException;
import org.xtalflow.campaign.StopPoint;

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
import java.util.concurrent.atomic.AtomicLong;

import static org.xtalflow.campaign.CandidateState.*;
import static org.xtalflow.hpc.SafeName.quote;

/**
 * Everything the application does with one cluster: submit prepared candidates, reconcile after a
 * crash, poll, fetch results, cancel. The store is the truth: a candidate is SUBMITTING (committed)
 * before the scheduler is asked, and SUBMITTING candidates are reconciled against the scheduler
 * (job name {@code xf-<candidate id>}) and the remote marker file before anything is resubmitted,
 * so a candidate never gets two jobs. Thread-safe.
 */
public final class ClusterSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSession.class);
    /** Result files packed per job (those that exist). */
    public static final List<String> RESULT_FILES = List.of("vasprun.xml", "OUTCAR", "OSZICAR", "CONTCAR",
            "stdout.txt", "stderr.txt", "manifest.json");
    static final String ENV_FILE = "xtalflow-env.sh";
    static final String RESULTS = "results.tar.gz";
    /**
     * Written first by the remote submit command: its presence says the command ran (it may still
     * be running), so reconciliation does not resubmit while an earlier sbatch may yet create a job.
     */
    static final String STARTED = ".xtalflow-submit-started";

    private final ClusterProfile profile;
    private final RemoteHost host;
    private final Scheduler scheduler;
    private final CandidateStore store;
    private final SafeArchive.Limits limits;
    private final Object capLock = new Object();
    /** Candidates this process is submitting right now: reconcile must not touch them. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> missingPolls = new ConcurrentHashMap<>();
    private final AtomicLong schedulerCalls = new AtomicLong();
    private final AtomicLong submitCalls = new AtomicLong();
    private volatile long lastPollMillis = -1;
    private volatile boolean reconciled;

    public ClusterSession(ClusterProfile profile, RemoteHost host, Scheduler scheduler, CandidateStore store,
                          SafeArchive.Limits limits) {
        this.profile = profile;
        this.host = host;
        this.scheduler = scheduler;
        this.store = store;
        this.limits = limits;
    }

    /** A session over SSH (or this machine for scheduler local) with default archive limits. */
    public static ClusterSession open(ClusterProfile profile, CandidateStore store) {
        RemoteHost host = profile.scheduler() == BatchSystem.LOCAL
                ? new LocalHost(profile.ssh().commandTimeoutMs()) : new SshHost(profile);
        return new ClusterSession(profile, host, Scheduler.of(profile.scheduler()), store, SafeArchive.Limits.defaults());
    }

    public ClusterProfile profile() {
        return profile;
    }

    public RemoteHost host() {
        return host;
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
        UNKNOWN
    }

    public record SubmitResult(String candidateId, SubmitStatus status, String jobId, String reason) {
    }

    /**
     * Submits a PREPARED candidate whose bundle path is set. Reconciles first if this session has
     * not done so yet (a crash may have left SUBMITTING candidates).
     */
    public SubmitResult submit(String candidateId) {
        if (!reconciled) reconcile();
        Candidate c = store.get(candidateId);
        if (c.state() != PREPARED) {
            throw new HpcException(profile.name() + ": candidate " + candidateId + " is " + c.state() + ", not PREPARED");
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
            if (store.countOnCluster(profile.name()) >= profile.maxQueuedJobs()) {
                return new SubmitResult(candidateId, SubmitStatus.DEFERRED, null,
                        "max_queued_jobs " + profile.maxQueuedJobs() + " reached");
            }
            // in flight before SUBMITTING is visible, so a concurrent reconcile never takes it for a crash leftover
            inFlight.add(candidateId);
            try {
                store.transition(candidateId, PREPARED, SUBMITTING, CandidateChange.none().withCluster(profile.name())
                        .withRemoteDir(dir).withMessage("submitting to " + profile.name()));
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
        try {
            host.upload(archive, dir + "/bundle.tar.gz");
        } catch (HpcException e) {
            // the scheduler was not asked: safe to go back to PREPARED
            String why = "not sent: " + e.getMessage();
            store.transition(id, SUBMITTING, PREPARED, CandidateChange.reason(why));
            return new SubmitResult(id, SubmitStatus.NOT_SENT, null, why);
        }
        JobRequest req = new JobRequest(id, JobRequest.jobNameFor(id), dir, bundle.jobScript());
        String strip = SafeArchive.commonTopFolder(archive) != null ? " --strip-components=1" : "";
        String qdir = SafeName.qpath("job dir", dir);
        String prepare = "cd " + qdir + " && touch " + STARTED + " && { [ -s " + Scheduler.MARKER + " ] || { tar -xzf bundle.tar.gz" + strip
                + " && rm -f bundle.tar.gz && " + envFileCommand(id) + "; }; }";
        String command = prepare + " && " + scheduler.submitCommand(profile, req);
        ExecResult r;
        try {
            submitCalls.incrementAndGet();
            r = host.exec(command);
        } catch (HostPausedException e) {
            // refused before anything was sent: the scheduler was not asked
            String why = "not sent: " + e.getMessage();
            store.transition(id, SUBMITTING, PREPARED, CandidateChange.reason(why));
            return new SubmitResult(id, SubmitStatus.NOT_SENT, null, why);
        } catch (HpcException e) {
            LOG.warn("{}: submission of {} has an unknown outcome ({}); it stays SUBMITTING until reconciled",
                    profile.name(), id, e.getMessage());
            return new SubmitResult(id, SubmitStatus.UNKNOWN, null, e.getMessage());
        }
        try {
            String jobId = scheduler.parseSubmit(profile, req, r);
            StopPoint.reached(StopPoint.SUBMIT_ACCEPTED);
            store.transition(id, SUBMITTING, SUBMITTED, CandidateChange.none().withJobId(jobId)
                    .withMessage("job " + jobId + " on " + profile.name()).countIn("submit", "submitted"));
            return new SubmitResult(id, SubmitStatus.SUBMITTED, jobId, null);
        } catch (SubmitRefusedException e) {
            store.transition(id, SUBMITTING, FAILED, CandidateChange.reason(e.getMessage()).countIn("submit", "refused"));
            return new SubmitResult(id, SubmitStatus.REFUSED, null, e.getMessage());
        }
    }

    /** printf of the job's environment file: module lines, VASP command, POTCAR library. */
    private String envFileCommand(String id) {
        List<String> lines = new ArrayList<>();
        lines.add("# written by xtalflow at submission (cluster " + profile.name() + ")");
        lines.addAll(profile.modules());
        lines.add("export XTALFLOW_CANDIDATE_ID=" + quote(id));
        lines.add("export XTALFLOW_VASP_COMMAND=" + quote(profile.vaspCommand() == null ? "vasp_std" : profile.vaspCommand()));
        if (profile.potcarLibrary() != null) lines.add("export XTALFLOW_POTCAR_LIBRARY=" + quote(profile.potcarLibrary()));
        StringBuilder sb = new StringBuilder("printf '%s\\n'");
        for (String l : lines) sb.append(' ').append(quote(l));
        return sb.append(" > ").append(ENV_FILE).toString();
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
            if (r.status() != SubmitStatus.SUBMITTED && r.status() != SubmitStatus.REFUSED && host.stats().paused()) break;
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
    public record ReconcileReport(int found, int byName, int byMarker, int reset, int inDoubt) {
    }

    /**
     * How long (ms) after the remote submit command started a candidate with neither job nor marker
     * stays in doubt: at least a minute, and longer than the client waits for a command.
     */
    long inDoubtMillis() {
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
            if (s.jobName() != null) byName.computeIfAbsent(s.jobName(), k -> new ArrayList<>()).add(s);
        }
        int nName = 0, nMarker = 0, nReset = 0, nDoubt = 0;
        List<Candidate> noName = new ArrayList<>();
        for (Candidate c : pending) {
            // a retried candidate's earlier job (its job id is still recorded) may be listed under the same name
            JobStatus s = byName.getOrDefault(JobRequest.jobNameFor(c.id()), List.of()).stream()
                    .filter(j -> !j.jobId().equals(c.jobId())).findFirst().orElse(null);
            if (s != null) {
                settle(c, s.jobId(), "reconciled: scheduler has job " + s.jobId() + " named " + s.jobName());
                nName++;
            } else {
                noName.add(c);
            }
        }
        if (!noName.isEmpty()) {
            // per folder: dir|marker's first line|seconds since the submit command started (-1: never)
            StringBuilder cmd = new StringBuilder("now=$(date +%s); for d in");
            for (Candidate c : noName) cmd.append(' ').append(SafeName.qpath("job dir", c.remoteDir()));
            cmd.append("; do m=$(head -n 1 \"$d/").append(Scheduler.MARKER).append("\" 2>/dev/null); ")
                    .append("if [ -e \"$d/").append(STARTED).append("\" ]; then a=$((now - $(stat -c %Y \"$d/")
                    .append(STARTED).append("\"))); else a=-1; fi; printf '%s|%s|%s\\n' \"$d\" \"$m\" \"$a\"; done");
            ExecResult r = host.exec(cmd.toString());
            if (!r.ok()) {
                throw new HpcException(profile.name() + ": reading submit markers failed (exit " + r.exitStatus() + "): "
                        + r.diagnostic(300));
            }
            Map<String, String[]> markers = new HashMap<>();
            for (String line : r.stdout().split("\\R")) {
                String[] f = line.split("\\|", -1);
                if (f.length == 3 && !f[0].isEmpty()) markers.put(f[0], f);
            }
            for (Candidate c : noName) {
                String[] f = markers.get(c.remoteDir());
                if (f == null) {
                    LOG.warn("{}: no marker answer for {} ({}); left SUBMITTING", profile.name(), c.id(), c.remoteDir());
                    nDoubt++;
                    continue;
                }
                String jobId = f[1].trim();
                long startedAgoS = f[2].trim().matches("-?[0-9]+") ? Long.parseLong(f[2].trim()) : 0;
                if (!jobId.isEmpty()) {
                    settle(c, jobId.split(";")[0], "reconciled: remote marker names job " + jobId);
                    nMarker++;
                } else if (startedAgoS >= 0 && startedAgoS * 1000 < inDoubtMillis()) {
                    LOG.info("{}: {} has no job yet but its submit command started {} s ago; left SUBMITTING",
                            profile.name(), c.id(), startedAgoS);
                    nDoubt++;
                } else {
                    String why = startedAgoS < 0 ? "the submit command never ran"
                            : "the submit command ran " + startedAgoS + " s ago and made no job";
                    try {
                        store.transition(c.id(), SUBMITTING, PREPARED, CandidateChange.none()
                                .withMessage("reconciled: no job named " + JobRequest.jobNameFor(c.id())
                                        + " and no marker on " + profile.name() + " (" + why + "); safe to submit again"));
                        nReset++;
                    } catch (StaleStateException e) {
                        LOG.info("{}: {} moved while reconciling ({})", profile.name(), c.id(), e.getMessage());
                    }
                }
            }
        }
        reconciled = true;
        LOG.info("{}: reconciled {} SUBMITTING candidates: {} by job name, {} by marker, {} reset to PREPARED, {} in doubt",
                profile.name(), pending.size(), nName, nMarker, nReset, nDoubt);
        return new ReconcileReport(pending.size(), nName, nMarker, nReset, nDoubt);
    }

    private void settle(Candidate c, String jobId, String message) {
        try {
            // the adopted job counts as submitted now: its submitter died before recording it
            store.transition(c.id(), SUBMITTING, SUBMITTED, CandidateChange.none().withJobId(jobId).withMessage(message)
                    .countIn("submit", "submitted"));
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
    public record PollReport(int tracked, int schedulerCalls, int transitions, long latencyMs) {
    }

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
        List<Candidate> tracked = store.byCluster(profile.name(), List.of(SUBMITTED, RUNNING));
        if (tracked.isEmpty()) return new PollReport(0, 0, 0, 0);
        int calls = 1;
        Map<String, JobStatus> status = listJobs(tracked.stream().map(Candidate::jobId).toList());
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
            String fin = scheduler.finishedCommand(profile, missing.stream().map(Candidate::jobId).toList());
            Map<String, JobStatus> finished = Map.of();
            if (fin != null) {
                calls++;
                schedulerCalls.incrementAndGet();
                ExecResult r = host.exec(fin);
                if (r.ok()) finished = scheduler.parseFinished(r.stdout());
                else LOG.warn("{}: {} failed: {}", profile.name(), fin.split(" ")[0], r.diagnostic(200));
            }
            for (Candidate c : missing) {
                JobStatus s = finished.get(c.jobId());
                if (s != null) {
                    moved += apply(c, s);
                } else if (missingPolls.merge(c.id(), 1, Integer::sum) >= 2) {
                    // twice absent and no accounting: the end state is unknowable; say so rather than guess
                    moved += move(c, FAILED, "job " + c.jobId() + " left the queue without a known final state"
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
        schedulerCalls.incrementAndGet();
        ExecResult r = host.exec(scheduler.pollCommand(profile, trackedIds));
        if (!r.ok()) {
            throw new HpcException(profile.name() + ": scheduler query failed (exit " + r.exitStatus() + "): " + r.diagnostic(300));
        }
        return scheduler.parsePoll(r.stdout());
    }

    private int apply(Candidate c, JobStatus s) {
        CandidateState target = s.state().candidateState();
        if (target == c.state()) {
            if (!s.reason().equals(c.reason())) {
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
     */
    public record FetchReport(List<String> fetched, Map<String, String> failed) {
    }

    /**
     * Downloads the results of ended jobs (FINISHED, FAILED, TIMEOUT) not yet fetched, one tar.gz
     * per job, each checked ({@link SafeArchive}) and unpacked atomically into
     * {@code outDir/}{@link #resultFolder}.
     * A broken download is retried ({@code attempts} in all); a folder is never half-unpacked.
     */
    public FetchReport fetch(Path outDir, int attempts) {
        List<Candidate> ended = new ArrayList<>();
        for (Candidate c : store.byCluster(profile.name(), List.of(FINISHED, FAILED, TIMEOUT))) {
            if (c.remoteDir() != null && c.jobId() != null && !Files.exists(outDir.resolve(resultFolder(c)))) ended.add(c);
        }
        List<String> ok = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        if (ended.isEmpty()) return new FetchReport(ok, failed);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new HpcException("cannot create " + outDir + ": " + e.getMessage(), e);
        }
        Map<String, Long> sizes = packResults(ended);
        for (Candidate c : ended) {
            Long size = sizes.get(c.remoteDir());
            if (size == null) {
                failed.put(c.id(), "no result files in " + c.remoteDir());
                continue;
            }
            try {
                fetchOne(c, size, outDir, attempts);
                ok.add(c.id());
                store.recordEvent(c.campaignId(), c.id(), "results fetched to " + outDir.resolve(resultFolder(c)));
            } catch (HostPausedException e) {
                failed.put(c.id(), e.getMessage());
                break;
            } catch (HpcException e) {
                failed.put(c.id(), e.getMessage());
            }
        }
        return new FetchReport(ok, failed);
    }

    /**
     * The folder (under fetch's output folder) for a candidate's results: {@code <id>} for a
     * FINISHED job (what the harvest reads), {@code <id>.a<attempt>.failed|timeout} for an ended
     * one kept for diagnosis, so that a retried candidate's later results are fetched too.
     */
    public static String resultFolder(Candidate c) {
        return c.state() == FINISHED ? c.id()
                : c.id() + ".a" + c.submitAttempts() + "." + c.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One remote command packing every job's result files; returns remote job folder → archive size (bytes). */
    private Map<String, Long> packResults(List<Candidate> ended) {
        StringBuilder cmd = new StringBuilder("for d in");
        for (Candidate c : ended) cmd.append(' ').append(SafeName.qpath("job dir", c.remoteDir()));
        // an archive made by an earlier fetch is reused (tmp + mv: it is complete if it exists)
        cmd.append("; do ( cd \"$d\" 2>/dev/null || exit 0; if [ ! -s ").append(RESULTS).append(" ]; then f=; for x in");
        for (String f : RESULT_FILES) cmd.append(' ').append(f);
        cmd.append("; do [ -f \"$x\" ] && [ ! -L \"$x\" ] && f=\"$f $x\"; done; [ -n \"$f\" ] || exit 0; ")
                .append("tar -czf ").append(RESULTS).append(".tmp $f && mv ").append(RESULTS).append(".tmp ").append(RESULTS)
                .append(" || exit 0; fi; printf '%s|%s\\n' \"$d\" \"$(stat -c %s ").append(RESULTS).append(")\" ); done");
        ExecResult r = host.exec(cmd.toString());
        Map<String, Long> out = new HashMap<>();
        for (String line : r.stdout().split("\\R")) {
            String[] f = line.trim().split("\\|");
            if (f.length == 2 && f[1].matches("[0-9]+")) out.put(f[0], Long.parseLong(f[1]));
        }
        return out;
    }

    private void fetchOne(Candidate c, long size, Path outDir, int attempts) {
        Path part = outDir.resolve(".download-" + c.id() + ".tar.gz");
        HpcException last = null;
        for (int attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
            try {
                Files.deleteIfExists(part);
                host.download(c.remoteDir() + "/" + RESULTS, part);
                long got = Files.size(part);
                if (got != size) {
                    throw new RemoteConnectionException(profile.name() + ": download of " + c.id() + " results cut off: "
                            + got + " of " + size + " bytes", null);
                }
                SafeArchive.extract(part, outDir.resolve(resultFolder(c)), limits);
                Files.deleteIfExists(part);
                return;
            } catch (HostileArchiveException e) {
                deleteQuietly(part);
                throw e; // a hostile archive does not get better by downloading it again
            } catch (HostPausedException e) {
                deleteQuietly(part);
                throw e;
            } catch (HpcException e) {
                last = e;
                LOG.warn("{}: fetching results of {} failed (attempt {}/{}): {}", profile.name(), c.id(), attempt, attempts, e.getMessage());
            } catch (IOException e) {
                last = new HpcException(profile.name() + ": local I/O while fetching " + c.id() + ": " + e.getMessage(), e);
            }
        }
        deleteQuietly(part);
        throw last;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover .download file is ignored and overwritten next time
        }
    }

    // ------------------------------------------------------------------ cancel, stats

    /** Asks the scheduler to cancel a candidate's job; the next poll records the CANCELLED state. */
    public ExecResult cancel(String candidateId) {
        Candidate c = store.get(candidateId);
        if (c.jobId() == null || !c.state().isOnCluster()) {
            throw new HpcException(profile.name() + ": candidate " + candidateId + " has no job on the cluster (" + c.state() + ")");
        }
        return host.exec(scheduler.cancelCommand(profile, c.jobId()));
    }

    /** Scheduler queries made (polls, accounting, reconciliation listings). */
    public long schedulerCalls() {
        return schedulerCalls.get();
    }

    /** Submission commands sent (each runs one sbatch/qsub at most). */
    public long submitCalls() {
        return submitCalls.get();
    }

    /** Wall time of the last poll (ms), -1 before the first. */
    public long lastPollMillis() {
        return lastPollMillis;
    }

    public HostStats hostStats() {
        return host.stats();
    }

    @Override
    public void close() {
        host.close();
    }
}
