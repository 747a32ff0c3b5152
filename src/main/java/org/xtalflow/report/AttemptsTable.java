package org.xtalflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xtalflow.campaign.StoredAttempt;

/**
 * The report's view of the VASP attempts in the store (issue 13): the errors met (how often, how
 * often a correction existed), the attempts per candidate, and every attempt with what was found,
 * planned and refused by the physics lock.
 */
final class AttemptsTable {

    private AttemptsTable() {}

    static String markdown(List<StoredAttempt> attempts) {
        StringBuilder b = new StringBuilder("## VASP attempts\n\n");
        if (attempts.isEmpty()) {
            return b.append("No job has ended yet.\n\n").toString();
        }
        Map<String, int[]> met = new TreeMap<>();
        Map<String, Integer> perCandidate = new TreeMap<>();
        for (StoredAttempt a : attempts) {
            perCandidate.merge(a.candidateId(), 1, Integer::sum);
            for (String k : a.errors().split(",")) {
                if (!k.isBlank()) {
                    int[] n = met.computeIfAbsent(k, x -> new int[2]);
                    n[0]++;
                    if (a.outcome().equals("FIXABLE")) {
                        n[1]++;
                    }
                }
            }
        }
        b.append("| error | met | with a correction |\n|---|---:|---:|\n");
        met.forEach((k, n) -> b.append("| ")
                .append(k)
                .append(" | ")
                .append(n[0])
                .append(" | ")
                .append(n[1])
                .append(" |\n"));
        if (met.isEmpty()) {
            b.append("| (none) | 0 | 0 |\n");
        }
        b.append("\n| candidate | attempts |\n|---|---:|\n");
        perCandidate.forEach(
                (c, n) -> b.append("| ").append(c).append(" | ").append(n).append(" |\n"));
        b.append("\n| candidate | attempt | step | job | errors | next attempt | locked | outcome | reason |\n"
                + "|---|---:|---|---|---|---|---|---|---|\n");
        for (StoredAttempt a : attempts) {
            b.append("| ")
                    .append(a.candidateId())
                    .append(" | ")
                    .append(a.attempt())
                    .append(" | ")
                    .append(cell(a.step()))
                    .append(" | ")
                    .append(cell(a.jobId()))
                    .append(" | ")
                    .append(cell(a.errors()))
                    .append(" | ")
                    .append(cell(a.actions()))
                    .append(" | ")
                    .append(cell(a.locked()))
                    .append(" | ")
                    .append(a.outcome())
                    .append(" | ")
                    .append(cell(a.reason()))
                    .append(" |\n");
        }
        return b.append('\n').toString();
    }

    static ArrayNode json(ObjectMapper json, List<StoredAttempt> attempts) {
        ArrayNode out = json.createArrayNode();
        for (StoredAttempt a : attempts) {
            ObjectNode x = out.addObject();
            x.put("candidate", a.candidateId());
            x.put("attempt", a.attempt());
            x.put("step", a.step());
            x.put("job_id", a.jobId());
            x.put("errors", a.errors());
            x.put("actions", a.actions());
            x.put("locked", a.locked());
            x.put("outcome", a.outcome());
            x.put("reason", a.reason());
        }
        return out;
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
