package org.xtalflow.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.hpc.ClusterConnection;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.HpcException;
import org.xtalflow.hpc.JobBundleDir;
import org.xtalflow.hpc.JobState;
import org.xtalflow.hpc.JobStatus;

/**
 * References run as jobs on the campaign's cluster, through the same {@link ClusterConnection}
 * the candidates use: each bundle is uploaded and submitted under the job name {@code
 * xf-ref-<reference id>} into its own folder under {@code <work_root>/references/}, each taking a
 * place in the queue ({@link QueueSlots}: with the candidates' jobs at most the profile's {@code
 * max_queued_jobs}); the scheduler is asked once per poll interval about
 * all of them (accounting for those that left the queue), and the results of an ended job are
 * packed, fetched and checked (SafeArchive) into {@code <results>/references/} as a candidate's
 * are. Nothing runs on this machine. Each accepted job is written down ({@link
 * SubmittedReferences}) until its end is taken in, so a run started after a stop or a crash takes
 * up a reference job still in the queue (or ended meanwhile) instead of submitting it again.
 */
public final class ClusterReferenceRunner implements ReferenceRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReferenceRunner.class);

    /** The prefix of a reference's label: its job is {@code xf-ref-<id>} in the scheduler's lists. */
    public static final String LABEL_PREFIX = "ref-";

    /** Submissions that did not reach the scheduler (upload failed, host paused) are tried this often. */
    private static final int SEND_TRIES = 3;

    private final ClusterConnection cluster;
    private final QueueSlots slots;
    private final Path resultsDir;
    private final Duration pollInterval;
    private final Duration limit;
    /** The jobs in the queue, on disk: a restart takes them up instead of submitting them again. */
    private final SubmittedReferences submitted;

    /**
     * @param resultsDir   where fetched results are unpacked (under {@code references/})
     * @param pollInterval between two scheduler queries
     * @param limit        the whole batch gives up (jobs cancelled, named as failed) after this long
     */
    public ClusterReferenceRunner(ClusterConnection cluster, Path resultsDir, Duration pollInterval, Duration limit) {
        this(cluster, QueueSlots.upTo(Math.max(1, cluster.profile().maxQueuedJobs())), resultsDir, pollInterval, limit);
    }

    /**
     * @param slots the queue places the jobs take (the candidates' session's {@link
     *              ClusterJobs#referenceSlots}, so both together keep to max_queued_jobs)
     */
    public ClusterReferenceRunner(
            ClusterConnection cluster, QueueSlots slots, Path resultsDir, Duration pollInterval, Duration limit) {
        this.cluster = cluster;
        this.slots = slots;
        this.resultsDir = resultsDir.resolve("references");
        this.pollInterval = pollInterval;
        this.limit = limit;
        this.submitted = new SubmittedReferences(
                this.resultsDir.resolve("submitted"),
                cluster.profile().name(),
                cluster.profile().jobDir("references"));
    }

    /** A submitted reference job. */
    private record Job(String id, String label, String jobId, String remoteDir) {}

    @Override
    public Map<String, Path> run(Map<String, Path> bundles, Map<String, String> failed) {
        Deque<String> toSend = new ArrayDeque<>(bundles.keySet());
        Map<String, Integer> tries = new LinkedHashMap<>();
        Map<String, Job> running = new LinkedHashMap<>();
        Map<String, Integer> absent = new LinkedHashMap<>();
        Map<String, Path> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!toSend.isEmpty() || !running.isEmpty()) {
                while (!toSend.isEmpty() && slots.take()) {
                    String id = toSend.poll();
                    String why = send(id, bundles.get(id), running);
                    if (why == null) {
                        continue;
                    }
                    slots.give(); // nothing of it is in the queue
                    if (tries.merge(id, 1, Integer::sum) < SEND_TRIES && !why.startsWith("refused")) {
                        toSend.add(id);
                    } else {
                        failed.put(id, why);
                    }
                }
                if (running.isEmpty() && toSend.isEmpty()) {
                    break;
                }
                if (step(running, absent, out, failed, toSend, deadline)) {
                    return out;
                }
            }
            return out;
        } finally {
            running.values().forEach(j -> slots.give());
        }
    }

    /**
     * Waits one poll interval (the queue is full or jobs run) and takes in the jobs that ended;
     * true when the batch must stop (its time limit passed or the thread was interrupted), with
     * every job left named in {@code failed}.
     */
    private boolean step(
            Map<String, Job> running,
            Map<String, Integer> absent,
            Map<String, Path> out,
            Map<String, String> failed,
            Deque<String> toSend,
            long deadline) {
        ClusterProfile profile = cluster.profile();
        if (System.nanoTime() > deadline) {
            for (Job j : running.values()) {
                try {
                    cluster.cancel(j.jobId());
                    submitted.remove(j.label());
                } catch (HpcException e) {
                    LOG.warn("reference {}: job {} not cancelled: {}", j.id(), j.jobId(), e.getMessage());
                }
                failed.put(
                        j.id(),
                        "job " + j.jobId() + " on " + profile.name() + " still unfinished after " + limit.toSeconds()
                                + " s: cancelled");
            }
            toSend.forEach(id -> failed.put(
                    id,
                    "not submitted: the references' time limit passed"
                            + (running.isEmpty() ? " (the queue stayed full: max_queued_jobs)" : "")));
            return true;
        }
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.values().forEach(j -> failed.put(j.id(), "interrupted while job " + j.jobId() + " ran"));
            toSend.forEach(id -> failed.put(id, "interrupted before submission"));
            return true;
        }
        if (!running.isEmpty()) {
            int before = running.size();
            fetch(ended(running, absent, failed), running, out, failed);
            for (int i = running.size(); i < before; i++) {
                slots.give(); // each job that left the queue gives its place back
            }
        }
        return false;
    }

    /** Submits one bundle; null when the scheduler took it, else why not ("refused: ..." is final). */
    private String send(String id, Path bundleDir, Map<String, Job> running) {
        String label = LABEL_PREFIX + id;
        var earlier = submitted.find(label, bundleDir);
        if (earlier.isPresent()) {
            // submitted before a stop or crash with these inputs: the poll says where it stands
            LOG.info(
                    "reference {}: taking up job {} on {}, submitted before the restart",
                    id,
                    earlier.get().jobId(),
                    cluster.profile().name());
            running.put(
                    id, new Job(id, label, earlier.get().jobId(), earlier.get().remoteDir()));
            return null;
        }
        JobBundleDir bundle;
        Path archive;
        try {
            bundle = JobBundleDir.read(bundleDir);
            archive = bundle.archive();
        } catch (RuntimeException e) {
            return "refused: bundle " + bundleDir + ": " + e.getMessage();
        }
        String dir = cluster.profile().jobDir("references") + "/" + id + "-" + System.currentTimeMillis();
        try {
            ClusterConnection.Submission answer = cluster.submit(label, bundle, archive, dir);
            if (answer instanceof ClusterConnection.Submission.Accepted a) {
                LOG.info(
                        "reference {}: job {} ({}) on {}",
                        id,
                        a.jobId(),
                        org.xtalflow.hpc.JobRequest.jobNameFor(label),
                        cluster.profile().name());
                running.put(id, new Job(id, label, a.jobId(), dir));
                submitted.put(label, bundleDir, a.jobId(), dir);
                return null;
            }
            if (answer instanceof ClusterConnection.Submission.Refused r) {
                return "refused: " + r.reason();
            }
            if (answer instanceof ClusterConnection.Submission.NotSent n) {
                return n.reason();
            }
            if (answer instanceof ClusterConnection.Submission.Transient t) {
                return t.reason();
            }
            // a job may exist: submitting again could run it twice, so it is named and left
            return "refused: submission outcome unknown ("
                    + ((ClusterConnection.Submission.Unknown) answer).reason() + "); look for job "
                    + org.xtalflow.hpc.JobRequest.jobNameFor(label) + " in " + dir;
        } finally {
            if (bundle.packedArchive() == null) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException e) {
                    LOG.warn("could not delete temporary archive {}: {}", archive, e.getMessage());
                }
            }
        }
    }

    /** One scheduler query (and accounting for those that left the queue): the running jobs that ended. */
    private Map<String, JobStatus> ended(
            Map<String, Job> running, Map<String, Integer> absent, Map<String, String> failed) {
        List<String> ids = running.values().stream().map(Job::jobId).toList();
        Map<String, JobStatus> listed;
        try {
            listed = cluster.listJobs(ids);
        } catch (HpcException e) {
            LOG.warn("{}: reference jobs not polled: {}", cluster.profile().name(), e.getMessage());
            return Map.of();
        }
        Map<String, JobStatus> out = new LinkedHashMap<>();
        List<String> gone = ids.stream().filter(j -> !listed.containsKey(j)).toList();
        Map<String, JobStatus> accounted =
                gone.isEmpty() ? Map.of() : cluster.finished(gone).byJobId();
        for (Job j : running.values()) {
            JobStatus s = listed.containsKey(j.jobId()) ? listed.get(j.jobId()) : accounted.get(j.jobId());
            if (s != null && s.state().isFinal()) {
                out.put(j.id(), s);
            } else if (s == null && absent.merge(j.id(), 1, Integer::sum) >= 2) {
                // left the queue, no accounting: its outputs say how it ended
                out.put(j.id(), new JobStatus(j.jobId(), j.label(), JobState.UNKNOWN, "left the queue"));
            }
        }
        return out;
    }

    /** Fetches the ended jobs' results; a COMPLETED one's folder goes to {@code out}, the others to failed. */
    private void fetch(
            Map<String, JobStatus> ended, Map<String, Job> running, Map<String, Path> out, Map<String, String> failed) {
        if (ended.isEmpty()) {
            return;
        }
        List<Job> jobs = ended.keySet().stream().map(running::remove).toList();
        Map<String, Long> sizes;
        try {
            Files.createDirectories(resultsDir);
            sizes = cluster.packResults(jobs.stream().map(Job::remoteDir).toList());
        } catch (IOException | HpcException e) {
            jobs.forEach(j -> failed.put(j.id(), "results of job " + j.jobId() + " not fetched: " + e.getMessage()));
            return;
        }
        for (Job j : jobs) {
            JobStatus s = ended.get(j.id());
            Long size = sizes.get(j.remoteDir());
            if (size == null) {
                submitted.remove(j.label());
                failed.put(
                        j.id(),
                        "job " + j.jobId() + " ended " + s.state() + " without result files in " + j.remoteDir());
                continue;
            }
            Path target = resultsDir.resolve(j.label() + "." + j.jobId());
            try {
                cluster.fetchResults(j.label(), j.remoteDir(), size, target, 3);
            } catch (HpcException e) {
                // the record stays: the next plan takes up the ended job and fetches again
                failed.put(j.id(), "results of job " + j.jobId() + " not fetched: " + e.getMessage());
                continue;
            }
            submitted.remove(j.label());
            if (s.state() == JobState.COMPLETED || s.state() == JobState.UNKNOWN) {
                out.put(j.id(), target); // the engine's reader says whether it converged
            } else {
                failed.put(
                        j.id(),
                        "job " + j.jobId() + " ended " + s.state()
                                + (s.reason() == null || s.reason().isEmpty() ? "" : " (" + s.reason() + ")")
                                + "; its outputs are in " + target);
            }
        }
    }

    @Override
    public String where() {
        return "cluster " + cluster.profile().name() + " ("
                + cluster.profile().scheduler().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
