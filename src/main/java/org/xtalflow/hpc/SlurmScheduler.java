package org.xtalflow.hpc;

import static org.xtalflow.hpc.SafeName.quote;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;

/**
 * Slurm: sbatch --parsable to submit, one squeue for all of the user's jobs per poll (finished jobs
 * stay listed with --states=all until MinJobAge), sacct for jobs that left the queue when the
 * cluster has accounting.
 */
public final class SlurmScheduler implements Scheduler {

    @Override
    public BatchSystem kind() {
        return BatchSystem.SLURM;
    }

    @Override
    public String submitCommand(ClusterProfile p, JobRequest r) {
        String dir = SafeName.qpath("job dir", r.jobDir());
        StringBuilder sb = new StringBuilder("sbatch --parsable");
        sb.append(" --job-name=").append(SafeName.qname("job name", r.jobName()));
        sb.append(" --chdir=").append(dir);
        sb.append(" --output=").append(quote(r.jobDir() + "/stdout.txt"));
        sb.append(" --error=").append(quote(r.jobDir() + "/stderr.txt"));
        // the profile's overrides of vasp.job; the script's #SBATCH directives hold the rest
        JobResources job = p.job();
        if (job.partition() != null) sb.append(" --partition=").append(SafeName.qname("partition", job.partition()));
        if (job.account() != null) sb.append(" --account=").append(SafeName.qname("account", job.account()));
        r.optionsOver(ClusterProfile.options(job)).entrySet().stream()
                .forEach(e -> sb.append(" --")
                        .append(e.getKey())
                        .append('=')
                        .append(quote(SafeName.optionValue(e.getKey(), e.getValue()))));
        sb.append(' ').append(SafeName.qname("job script", r.scriptName()));
        return markerGuarded(dir, sb.toString());
    }

    /** cd DIR; if the marker exists print it, else run SUBMIT, keep its first output line as the marker. */
    static String markerGuarded(String quotedDir, String submit) {
        return "cd " + quotedDir + " && if [ -s " + MARKER + " ]; then cat " + MARKER + "; else " + submit + " > "
                + MARKER + ".tmp && mv " + MARKER + ".tmp " + MARKER + " && cat " + MARKER + "; fi";
    }

    @Override
    public String parseSubmit(ClusterProfile p, JobRequest r, ExecResult result) {
        if (!result.ok() && SubmitTransientException.isTransient(result.diagnostic(400))) {
            throw new SubmitTransientException(p.name() + ": sbatch failed for job " + r.jobName() + " (exit "
                    + result.exitStatus() + "), a failure that passes: " + result.diagnostic(400));
        }
        if (!result.ok()) {
            throw new SubmitRefusedException(p.name() + ": sbatch refused job " + r.jobName() + " (exit "
                    + result.exitStatus() + "): " + result.diagnostic(400));
        }
        String first = result.stdout().strip().split("\\R")[0];
        String id = first.split(";")[0].trim();
        if (!id.matches("[0-9]+(_[0-9]+)?")) {
            throw new HpcException(
                    p.name() + ": sbatch printed no job id for " + r.jobName() + ": '" + result.diagnostic(200) + "'");
        }
        return id;
    }

    @Override
    public String pollCommand(ClusterProfile p, Collection<String> trackedJobIds) {
        // one call for all of the user's jobs: cheaper for slurmctld than -j with a long list
        return "squeue --noheader --states=all --user=" + SafeName.qname("user", p.user()) + " --format="
                + quote("%i|%j|%T|%r");
    }

    @Override
    public Map<String, JobStatus> parsePoll(String stdout) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        for (String line : stdout.split("\\R")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 4 || f[0].isEmpty()) continue;
            String reason = f[3].equals("None") || f[3].isBlank() ? f[2] : f[2] + ": " + f[3];
            out.put(f[0], new JobStatus(f[0], f[1], JobState.fromSlurm(f[2]), reason));
        }
        return out;
    }

    @Override
    public String finishedCommand(ClusterProfile p, Collection<String> jobIds) {
        if (!p.accounting() || jobIds.isEmpty()) return null;
        StringBuilder ids = new StringBuilder();
        for (String id : jobIds) {
            if (ids.length() > 0) ids.append(',');
            ids.append(SafeName.name("job id", id));
        }
        return "sacct --noheader --parsable2 --allocations --jobs=" + quote(ids.toString())
                + " --format=JobID,JobName,State,ExitCode";
    }

    @Override
    public Map<String, JobStatus> parseFinished(String stdout) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        for (String line : stdout.split("\\R")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 4 || f[0].isEmpty()) continue;
            out.put(f[0], new JobStatus(f[0], f[1], JobState.fromSlurm(f[2]), f[2] + " (exit code " + f[3] + ")"));
        }
        return out;
    }

    @Override
    public String namedJobsCommand(ClusterProfile p, Collection<String> jobNames) {
        if (!p.accounting() || jobNames.isEmpty()) return null;
        StringBuilder names = new StringBuilder();
        for (String n : jobNames) {
            if (names.length() > 0) names.append(',');
            names.append(SafeName.name("job name", n));
        }
        // sacct lists today's jobs by default: reach back far enough for a job submitted before a long outage
        return "sacct --noheader --parsable2 --allocations --starttime=now-30days --name=" + quote(names.toString())
                + " --format=JobID,JobName,State,ExitCode";
    }

    @Override
    public String accountingProbeCommand(ClusterProfile p) {
        return p.accounting()
                ? "sacct --noheader --parsable2 --allocations --starttime=now-1minutes --format=JobID"
                : null;
    }

    @Override
    public String cancelCommand(ClusterProfile p, String jobId) {
        return "scancel " + SafeName.qname("job id", jobId);
    }
}
