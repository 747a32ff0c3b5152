package org.xtalflow.hpc;

import static org.xtalflow.hpc.SafeName.quote;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xtalflow.config.BatchSystem;

/**
 * No batch system: the job script runs on this machine in the background (setsid, so it outlives
 * the client). The job id is the process id; its exit status lands in {@code .xtalflow-exit}.
 * A poll is one shell command over the work root's job folders.
 */
public final class LocalScheduler implements Scheduler {
    static final String EXIT_FILE = ".xtalflow-exit";

    @Override
    public BatchSystem kind() {
        return BatchSystem.LOCAL;
    }

    @Override
    public String submitCommand(ClusterProfile p, JobRequest r) {
        String dir = SafeName.qpath("job dir", r.jobDir());
        String script = SafeName.qname("job script", r.scriptName());
        String run = "cd " + dir + " && rm -f " + EXIT_FILE + " && { bash " + script
                + " > stdout.txt 2> stderr.txt; echo $? > " + EXIT_FILE + "; }";
        String submit = "setsid bash -c " + quote(run) + " < /dev/null > /dev/null 2>&1 & echo $!";
        return SlurmScheduler.markerGuarded(dir, submit);
    }

    @Override
    public String parseSubmit(ClusterProfile p, JobRequest r, ExecResult result) {
        String id = result.stdout().strip();
        if (!result.ok() || !id.matches("[0-9]+")) {
            throw new SubmitRefusedException(
                    p.name() + ": could not start job " + r.jobName() + " locally: " + result.diagnostic(300));
        }
        return id;
    }

    @Override
    public String pollCommand(ClusterProfile p, Collection<String> trackedJobIds) {
        String root = SafeName.qpath("work root", p.workRoot());
        // id|name|STATE|reason for every job folder with a marker
        return "for m in " + root + "/*/*/" + MARKER + "; do [ -f \"$m\" ] || continue; d=${m%/*}; id=$(cat \"$m\"); "
                + "p=${d%/*}; n=xf-${p##*/}; if [ -f \"$d/" + EXIT_FILE + "\" ]; then e=$(cat \"$d/" + EXIT_FILE
                + "\"); "
                + "if [ \"$e\" = 0 ]; then echo \"$id|$n|COMPLETED|exit 0\"; else echo \"$id|$n|FAILED|exit $e\"; fi; "
                + "elif kill -0 \"$id\" 2>/dev/null; then echo \"$id|$n|RUNNING|pid $id\"; "
                + "else echo \"$id|$n|FAILED|process $id gone without exit status\"; fi; done";
    }

    @Override
    public Map<String, JobStatus> parsePoll(String stdout) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        for (String line : stdout.split("\\R")) {
            String[] f = line.strip().split("\\|", 4);
            if (f.length < 4) continue;
            out.put(f[0], new JobStatus(f[0], f[1], JobState.fromSlurm(f[2]), f[3]));
        }
        return out;
    }

    @Override
    public String finishedCommand(ClusterProfile p, Collection<String> jobIds) {
        return null;
    }

    @Override
    public Map<String, JobStatus> parseFinished(String stdout) {
        return Map.of();
    }

    @Override
    public String cancelCommand(ClusterProfile p, String jobId) {
        String id = SafeName.name("job id", jobId);
        return "kill -TERM -- -" + id + " 2>/dev/null || kill -TERM " + id;
    }
}
