package org.xtalflow.hpc;

import static org.xtalflow.hpc.SafeName.quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;

/**
 * Transport to one cluster: upload and submit a job bundle, ask the scheduler about jobs, read
 * the submit markers, pack and fetch results, cancel. Every answer is parsed into a typed
 * result; what a result means for a candidate is decided by the caller (the campaign side).
 * Remote command lines are built from validated, quoted parts only. Thread-safe.
 */
public final class ClusterConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);
    /** Result files packed per job (those that exist). */
    public static final List<String> RESULT_FILES = resultFiles();

    /**
     * The files of a job folder that come back: the top-level outputs the harvest reads, the
     * scheduler's logs, and the small files of each step folder of the job script's flow
     * (relax, relax1, relax2, static: VASP's standard output and error, OSZICAR, OUTCAR,
     * vasprun.xml, the inputs as corrected, the step's markers) for the diagnosis of a failed job.
     */
    private static List<String> resultFiles() {
        List<String> files = new java.util.ArrayList<>(List.of(
                "vasprun.xml",
                "OUTCAR",
                "OSZICAR",
                "CONTCAR",
                "stdout.txt",
                "stderr.txt",
                "manifest.json",
                "vasp.out",
                "std_err.txt",
                // GPAW jobs (templates/jobs/gpaw-run.sh): the driver's result, the exit code, its log
                "gpaw-result.json",
                "gpaw-exit-code",
                "gpaw.out",
                "gpaw-settings.json"));
        for (String step : List.of("relax", "relax1", "relax2", "static")) {
            for (String f : List.of(
                    "vasp.out",
                    "std_err.txt",
                    "OSZICAR",
                    "OUTCAR",
                    "vasprun.xml",
                    "INCAR",
                    "KPOINTS",
                    "POSCAR",
                    "CONTCAR",
                    "INCAR.set",
                    "KPOINTS.set",
                    "xtalflow-done",
                    "xtalflow-walltime-stop",
                    "xtalflow-corrections.log")) {
                files.add(step + "/" + f);
            }
        }
        return List.copyOf(files);
    }

    static final String ENV_FILE = "xtalflow-env.sh";
    /** The packed results in a job folder. */
    public static final String RESULTS = "results.tar.gz";
    /**
     * Written first by the remote submit command: its presence says the command ran (it may still
     * be running), so reconciliation does not resubmit while an earlier sbatch may yet create a job.
     */
    public static final String STARTED = ".xtalflow-submit-started";

    private final ClusterProfile profile;
    private final RemoteHost host;
    private final Scheduler scheduler;
    private final SafeArchive.Limits limits;
    private final AtomicLong schedulerCalls = new AtomicLong();
    private final AtomicLong submitCalls = new AtomicLong();

    public ClusterConnection(ClusterProfile profile, RemoteHost host, Scheduler scheduler, SafeArchive.Limits limits) {
        this.profile = profile;
        this.host = host;
        this.scheduler = scheduler;
        this.limits = limits;
    }

    /** Over SSH (or this machine for scheduler local) with default archive limits. */
    public static ClusterConnection open(ClusterProfile profile) {
        RemoteHost host = profile.scheduler() == BatchSystem.LOCAL
                ? new LocalHost(profile.ssh().commandTimeoutMs())
                : new SshHost(profile);
        return new ClusterConnection(profile, host, Scheduler.of(profile.scheduler()), SafeArchive.Limits.defaults());
    }

    public ClusterProfile profile() {
        return profile;
    }

    public RemoteHost host() {
        return host;
    }

    // ------------------------------------------------------------------ submit

    /** What became of one submission, as the cluster answered. */
    public sealed interface Submission {
        /** The scheduler accepted the job. */
        record Accepted(String jobId) implements Submission {}

        /** The scheduler refused the job, in its own words. */
        record Refused(String reason) implements Submission {}

        /** Nothing reached the scheduler (upload failed, host paused): safe to send again. */
        record NotSent(String reason) implements Submission {}

        /** The connection broke while the scheduler was asked: a job may or may not exist. */
        record Unknown(String reason) implements Submission {}

        /**
         * The scheduler answered with a failure that passes (controller busy or unreachable); a
         * timed-out answer may still have made the job.
         */
        record Transient(String reason) implements Submission {}
    }

    /**
     * Uploads a bundle archive into the job folder {@code dir} and submits it with one remote
     * command: it marks the folder as started, unpacks the bundle unless the marker exists,
     * writes the job's environment file and runs the scheduler's submit command.
     *
     * @param candidateId goes into the job name ({@link JobRequest#jobNameFor}) and the environment
     */
    public Submission submit(String candidateId, JobBundleDir bundle, Path archive, String dir) {
        try {
            host.upload(archive, dir + "/bundle.tar.gz");
        } catch (HpcException e) {
            return new Submission.NotSent("not sent: " + e.getMessage());
        }
        JobRequest req;
        try {
            req = new JobRequest(
                    candidateId,
                    JobRequest.jobNameFor(candidateId),
                    dir,
                    bundle.jobScript(),
                    bundle.schedulerOptions());
        } catch (IllegalArgumentException | org.xtalflow.crystal.io.BadInputException e) {
            return new Submission.Refused(profile.name() + ": bundle " + bundle.dir() + ": " + e.getMessage());
        }
        String strip = SafeArchive.commonTopFolder(archive) != null ? " --strip-components=1" : "";
        String qdir = SafeName.qpath("job dir", dir);
        String prepare = "cd " + qdir + " && touch " + STARTED + " && { [ -s " + Scheduler.MARKER
                + " ] || { tar -xzf bundle.tar.gz" + strip + " && rm -f bundle.tar.gz && " + envFileCommand(candidateId)
                + "; }; }";
        String command = prepare + " && " + scheduler.submitCommand(profile, req);
        ExecResult r;
        try {
            submitCalls.incrementAndGet();
            r = host.exec(command);
        } catch (HostPausedException e) {
            // refused before anything was sent: the scheduler was not asked
            return new Submission.NotSent("not sent: " + e.getMessage());
        } catch (HpcException e) {
            return new Submission.Unknown(e.getMessage());
        }
        try {
            return new Submission.Accepted(scheduler.parseSubmit(profile, req, r));
        } catch (SubmitTransientException e) {
            return new Submission.Transient(e.getMessage());
        } catch (SubmitRefusedException e) {
            return new Submission.Refused(e.getMessage());
        }
    }

    /**
     * printf of the job's environment file: the profile's overrides of the bundle's vasp.job (module
     * lines, VASP command, POTCAR library), each only when the profile sets it; the job script falls
     * back to its own vasp.job values for the rest.
     */
    private String envFileCommand(String id) {
        JobResources job = profile.job();
        List<String> lines = new ArrayList<>();
        lines.add("# written by xtalflow at submission (cluster " + profile.name() + ")");
        if (job.modules() != null) lines.addAll(job.modules());
        lines.add("export XTALFLOW_CANDIDATE_ID=" + quote(id));
        if (job.vaspCommand() != null) lines.add("export XTALFLOW_VASP_COMMAND=" + quote(job.vaspCommand()));
        if (job.potcarLibrary() != null) lines.add("export XTALFLOW_POTCAR_LIBRARY=" + quote(job.potcarLibrary()));
        if (profile.gpawPython() != null) lines.add("export XTALFLOW_GPAW_PYTHON=" + quote(profile.gpawPython()));
        if (profile.mpiRanks() != null) lines.add("export XTALFLOW_GPAW_RANKS=" + profile.mpiRanks());
        StringBuilder sb = new StringBuilder("printf '%s\\n'");
        for (String l : lines) sb.append(' ').append(quote(l));
        return sb.append(" > ").append(ENV_FILE).toString();
    }

    // ------------------------------------------------------------------ scheduler queries

    /** The scheduler's view of the user's jobs (one call), job id → status, including {@code trackedIds}. */
    public Map<String, JobStatus> listJobs(Collection<String> trackedIds) {
        schedulerCalls.incrementAndGet();
        ExecResult r = host.exec(scheduler.pollCommand(profile, trackedIds));
        if (!r.ok()) {
            throw new HpcException(
                    profile.name() + ": scheduler query failed (exit " + r.exitStatus() + "): " + r.diagnostic(300));
        }
        return scheduler.parsePoll(r.stdout());
    }

    /**
     * Final states of jobs that left the queue (Slurm's sacct), job id → status; empty when the
     * cluster has no such source ({@code asked} false) or the query failed (logged).
     */
    public Finished finished(Collection<String> jobIds) {
        String fin = scheduler.finishedCommand(profile, jobIds);
        if (fin == null || !accountingAvailable()) {
            return new Finished(false, Map.of());
        }
        schedulerCalls.incrementAndGet();
        ExecResult r = host.exec(fin);
        if (r.ok()) {
            return new Finished(true, scheduler.parseFinished(r.stdout()));
        }
        LOG.warn("{}: {} failed: {}", profile.name(), fin.split(" ")[0], r.diagnostic(200));
        return new Finished(true, Map.of());
    }

    /** @param asked a scheduler command was run (there is an accounting source) */
    public record Finished(boolean asked, Map<String, JobStatus> byJobId) {}

    /**
     * The accounting's jobs with these names (Slurm's sacct), job id → status; empty without
     * accounting or when the query failed (logged): then only the queue and the markers decide.
     */
    public Map<String, JobStatus> accountedJobs(Collection<String> jobNames) {
        String cmd = scheduler.namedJobsCommand(profile, jobNames);
        if (cmd == null || !accountingAvailable()) {
            return Map.of();
        }
        schedulerCalls.incrementAndGet();
        ExecResult r = host.exec(cmd);
        if (!r.ok()) {
            LOG.warn("{}: sacct by job name failed: {}", profile.name(), r.diagnostic(200));
            return Map.of();
        }
        return scheduler.parseFinished(r.stdout());
    }

    /** null until probed; then whether the accounting the profile declares really answers. */
    private volatile Boolean accounting;

    /**
     * Whether the profile's accounting ({@code accounting: true}) answers: probed once per
     * connection; a cluster without it (sacct: "accounting storage is disabled", or no sacct) is
     * used without it, with one warning.
     */
    public boolean accountingAvailable() {
        Boolean a = accounting;
        if (a != null) return a;
        String probe = scheduler.accountingProbeCommand(profile);
        if (probe == null) {
            accounting = false;
            return false;
        }
        ExecResult r = host.exec(probe);
        accounting = r.ok();
        if (!r.ok()) {
            LOG.warn(
                    "{}: the profile says accounting: true but sacct does not answer ({}); finished jobs are judged"
                            + " by the queue and their folders",
                    profile.name(),
                    r.diagnostic(200));
        }
        return accounting;
    }

    /**
     * What a job folder says about its submission.
     *
     * @param markerJobId      the remote marker's first line (the job id, possibly followed by ";cluster"), or "" when none
     * @param startedSecondsAgo seconds since the submit command started there, -1 when it never ran
     */
    public record SubmitMarker(String markerJobId, long startedSecondsAgo) {}

    /** One command reading the submit marker of each job folder; folder → marker (absent: no answer for it). */
    public Map<String, SubmitMarker> readMarkers(Collection<String> dirs) {
        StringBuilder cmd = new StringBuilder("now=$(date +%s); for d in");
        for (String d : dirs) cmd.append(' ').append(SafeName.qpath("job dir", d));
        cmd.append("; do m=$(head -n 1 \"$d/")
                .append(Scheduler.MARKER)
                .append("\" 2>/dev/null); ")
                .append("if [ -e \"$d/")
                .append(STARTED)
                .append("\" ]; then a=$((now - $(stat -c %Y \"$d/")
                .append(STARTED)
                .append("\"))); else a=-1; fi; printf '%s|%s|%s\\n' \"$d\" \"$m\" \"$a\"; done");
        ExecResult r = host.exec(cmd.toString());
        if (!r.ok()) {
            throw new HpcException(profile.name() + ": reading submit markers failed (exit " + r.exitStatus() + "): "
                    + r.diagnostic(300));
        }
        Map<String, SubmitMarker> markers = new HashMap<>();
        for (String line : r.stdout().split("\\R")) {
            String[] f = line.split("\\|", -1);
            if (f.length == 3 && !f[0].isEmpty()) {
                String jobId = f[1].trim();
                long ago = f[2].trim().matches("-?[0-9]+") ? Long.parseLong(f[2].trim()) : 0;
                markers.put(f[0], new SubmitMarker(jobId, ago));
            }
        }
        return markers;
    }

    // ------------------------------------------------------------------ results

    /** One remote command packing every job folder's result files; returns folder → archive size (bytes). */
    public Map<String, Long> packResults(Collection<String> dirs) {
        StringBuilder cmd = new StringBuilder("for d in");
        for (String d : dirs) cmd.append(' ').append(SafeName.qpath("job dir", d));
        // an archive made by an earlier fetch is reused (tmp + mv: it is complete if it exists)
        cmd.append("; do ( cd \"$d\" 2>/dev/null || exit 0; if [ ! -s ")
                .append(RESULTS)
                .append(" ]; then f=; for x in");
        for (String f : RESULT_FILES) cmd.append(' ').append(f);
        cmd.append("; do [ -f \"$x\" ] && [ ! -L \"$x\" ] && f=\"$f $x\"; done; [ -n \"$f\" ] || exit 0; ")
                .append("tar -czf ")
                .append(RESULTS)
                .append(".tmp $f && mv ")
                .append(RESULTS)
                .append(".tmp ")
                .append(RESULTS)
                .append(" || exit 0; fi; printf '%s|%s\\n' \"$d\" \"$(stat -c %s ")
                .append(RESULTS)
                .append(")\" ); done");
        ExecResult r = host.exec(cmd.toString());
        Map<String, Long> out = new HashMap<>();
        for (String line : r.stdout().split("\\R")) {
            String[] f = line.trim().split("\\|");
            if (f.length == 2 && f[1].matches("[0-9]+")) out.put(f[0], Long.parseLong(f[1]));
        }
        return out;
    }

    /**
     * Downloads a job folder's packed results ({@code size} bytes) and unpacks them, checked
     * ({@link SafeArchive}) and atomically, into {@code target}. A broken download is retried
     * ({@code attempts} in all); a hostile archive or a paused host is not.
     *
     * @param label names the job in messages (the candidate id)
     */
    public void fetchResults(String label, String remoteDir, long size, Path target, int attempts) {
        Path part = target.getParent().resolve(".download-" + label + ".tar.gz");
        HpcException last = null;
        for (int attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
            try {
                Files.deleteIfExists(part);
                host.download(remoteDir + "/" + RESULTS, part);
                long got = Files.size(part);
                if (got != size) {
                    throw new RemoteConnectionException(
                            profile.name() + ": download of " + label + " results cut off: " + got + " of " + size
                                    + " bytes",
                            null);
                }
                SafeArchive.extract(part, target, limits);
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
                LOG.warn(
                        "{}: fetching results of {} failed (attempt {}/{}): {}",
                        profile.name(),
                        label,
                        attempt,
                        attempts,
                        e.getMessage());
            } catch (IOException e) {
                last = new HpcException(
                        profile.name() + ": local I/O while fetching " + label + ": " + e.getMessage(), e);
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

    /** Asks the scheduler to cancel a job. */
    public ExecResult cancel(String jobId) {
        return host.exec(scheduler.cancelCommand(profile, jobId));
    }

    /** Scheduler queries made (polls, accounting, reconciliation listings). */
    public long schedulerCalls() {
        return schedulerCalls.get();
    }

    /** Submission commands sent (each runs one sbatch/qsub at most). */
    public long submitCalls() {
        return submitCalls.get();
    }

    public HostStats hostStats() {
        return host.stats();
    }

    @Override
    public void close() {
        host.close();
    }
}
