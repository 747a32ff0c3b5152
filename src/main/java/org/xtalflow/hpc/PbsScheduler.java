package org.xtalflow.hpc;

import static org.xtalflow.hpc.SafeName.quote;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;

/**
 * PBS Professional / OpenPBS: qsub to submit (run in the job folder, so PBS_O_WORKDIR is it), and
 * per poll one command {@code qstat -x -f -F json} over the user's jobs (qselect -x lists them,
 * finished ones included thanks to job history).
 *
 * <p>State mapping (PBS reference guide, "Job States" and "Job Exit Codes"): Q/H/W/T/M/S/U →
 * PENDING; R/E/B → RUNNING; F/X by Exit_status: 0 → COMPLETED, -29 (walltime) or -28 (cput) →
 * TIMEOUT, -26/-27 (mem/vmem) → OUT_OF_MEMORY, 256+15 / 256+9 (killed by SIGTERM/SIGKILL, as
 * after qdel) or no exit status with a "deleted" comment → CANCELLED, anything else → FAILED.
 */
public final class PbsScheduler implements Scheduler {

    // qstat's JSON has been known to carry raw control characters and odd escapes in Variable_List
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @Override
    public BatchSystem kind() {
        return BatchSystem.PBS;
    }

    @Override
    public String submitCommand(ClusterProfile p, JobRequest r) {
        String dir = SafeName.qpath("job dir", r.jobDir());
        StringBuilder sb = new StringBuilder("qsub");
        sb.append(" -N ").append(SafeName.qname("job name", r.jobName()));
        sb.append(" -o ").append(quote(r.jobDir() + "/stdout.txt"));
        sb.append(" -e ").append(quote(r.jobDir() + "/stderr.txt"));
        // the profile's overrides of vasp.job; the script's #PBS directives hold the rest
        JobResources job = p.job();
        if (job.partition() != null) sb.append(" -q ").append(SafeName.qname("queue", job.partition()));
        if (job.account() != null) sb.append(" -A ").append(SafeName.qname("account", job.account()));
        r.optionsOver(ClusterProfile.options(job)).entrySet().stream()
                .forEach(e -> sb.append(" -l ")
                        .append(quote(e.getKey() + "=" + SafeName.optionValue(e.getKey(), e.getValue()))));
        sb.append(' ').append(SafeName.qname("job script", r.scriptName()));
        return SlurmScheduler.markerGuarded(dir, sb.toString());
    }

    @Override
    public String parseSubmit(ClusterProfile p, JobRequest r, ExecResult result) {
        if (!result.ok() && SubmitTransientException.isTransient(result.diagnostic(400))) {
            throw new SubmitTransientException(p.name() + ": qsub failed for job " + r.jobName() + " (exit "
                    + result.exitStatus() + "), a failure that passes: " + result.diagnostic(400));
        }
        if (!result.ok()) {
            throw new SubmitRefusedException(p.name() + ": qsub refused job " + r.jobName() + " (exit "
                    + result.exitStatus() + "): " + result.diagnostic(400));
        }
        String id = result.stdout().strip().split("\\R")[0].trim();
        if (!id.matches("[0-9]+(\\[[0-9]*\\])?(\\.[A-Za-z0-9._-]+)?")) {
            throw new HpcException(
                    p.name() + ": qsub printed no job id for " + r.jobName() + ": '" + result.diagnostic(200) + "'");
        }
        return id;
    }

    @Override
    public String pollCommand(ClusterProfile p, Collection<String> trackedJobIds) {
        String user = SafeName.qname("user", p.user());
        return "ids=$(qselect -x -u " + user + "); if [ -n \"$ids\" ]; then qstat -x -f -F json $ids; "
                + "else echo '{\"Jobs\":{}}'; fi";
    }

    @Override
    public Map<String, JobStatus> parsePoll(String stdout) {
        JsonNode root;
        try {
            root = JSON.readTree(stdout);
        } catch (IOException e) {
            throw new HpcException("qstat -F json output is not JSON: " + e.getMessage());
        }
        Map<String, JobStatus> out = new LinkedHashMap<>();
        JsonNode jobs = root == null ? null : root.get("Jobs");
        if (jobs == null || !jobs.isObject()) return out;
        jobs.properties().iterator().forEachRemaining(e -> out.put(e.getKey(), status(e.getKey(), e.getValue())));
        return out;
    }

    static JobStatus status(String id, JsonNode j) {
        String name = j.path("Job_Name").asText(null);
        String st = j.path("job_state").asText("").toUpperCase(Locale.ROOT);
        String comment = j.path("comment").asText("");
        JsonNode exitNode = j.get("Exit_status");
        Integer exit = exitNode == null || exitNode.isNull() ? null : exitNode.asInt();
        JobState state = switch (st) {
            case "Q", "H", "W", "T", "M", "S", "U" -> JobState.PENDING;
            case "R", "E", "B" -> JobState.RUNNING;
            case "F", "X" -> finished(exit, comment);
            default -> JobState.UNKNOWN;
        };
        StringBuilder reason = new StringBuilder("job_state " + st);
        if (exit != null) reason.append(", Exit_status ").append(exit);
        if (!comment.isBlank()) reason.append(": ").append(comment);
        return new JobStatus(id, name, state, reason.toString());
    }

    private static JobState finished(Integer exit, String comment) {
        String c = comment.toLowerCase(Locale.ROOT);
        if (exit == null) return c.contains("delete") ? JobState.CANCELLED : JobState.FAILED;
        return switch (exit) {
            case 0 -> JobState.COMPLETED;
            case -29, -28 -> JobState.TIMEOUT;
            case -26, -27 -> JobState.OUT_OF_MEMORY;
            case 271, 265 -> c.contains("walltime") ? JobState.TIMEOUT : JobState.CANCELLED;
            default -> c.contains("walltime") && c.contains("exceeded") ? JobState.TIMEOUT : JobState.FAILED;
        };
    }

    @Override
    public String finishedCommand(ClusterProfile p, Collection<String> jobIds) {
        return null; // qstat -x already includes finished jobs while history is kept
    }

    @Override
    public Map<String, JobStatus> parseFinished(String stdout) {
        return Map.of();
    }

    @Override
    public String cancelCommand(ClusterProfile p, String jobId) {
        return "qdel " + quote(SafeName.optionValue("job id", jobId));
    }
}
