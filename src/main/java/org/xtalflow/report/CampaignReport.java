package org.xtalflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.xtalflow.camel.CampaignRun;
import org.xtalflow.camel.CampaignService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a campaign's report into its folder: {@code report.md} (for people) and
 * {@code report.json} (for scripts) with the spec, the funnel (stage/reason → count), the
 * candidates per state and the failures with their reasons.
 */
public final class CampaignReport implements CampaignService.Reporter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Path write(CampaignRun run, Path dir) {
        try {
            Files.createDirectories(dir);
            ObjectNode json = json(run);
            JSON.writeValue(dir.resolve("report.json").toFile(), json);
            Files.writeString(dir.resolve("report.md"), markdown(run), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report in " + dir, e);
        }
    }

    static ObjectNode json(CampaignRun run) {
        ObjectNode o = JSON.createObjectNode();
        o.put("campaign_id", run.getCampaignId());
        o.put("name", run.getName());
        o.put("status", run.getStatus());
        o.put("started", run.started().toString());
        o.put("report_written", Instant.now().toString());
        o.set("spec", JSON.valueToTree(run.spec()));
        o.set("funnel", JSON.valueToTree(run.getFunnel()));
        o.set("candidates_per_state", JSON.valueToTree(run.getCandidatesPerState()));
        ArrayNode failures = o.putArray("failures");
        for (CampaignRun.Failed f : run.failures()) {
            ObjectNode x = failures.addObject();
            x.put("item", f.item().label());
            x.put("queue", f.endpoint());
            x.put("reason", f.reason());
        }
        o.put("last_error", run.getLastError());
        return o;
    }

    static String markdown(CampaignRun run) {
        StringBuilder b = new StringBuilder();
        b.append("# Campaign ").append(run.getCampaignId()).append(" — ").append(run.getName()).append("\n\n");
        b.append("- status: ").append(run.getStatus()).append('\n');
        b.append("- started: ").append(run.started()).append('\n');
        b.append("- source: ").append(run.spec().source()).append('\n');
        b.append("- systems: ").append(String.join(", ", run.spec().systemLabels())).append('\n');
        b.append("- generator: ").append(run.spec().generator()).append(", samples: ").append(run.spec().samples())
                .append(", space groups: ").append(run.spec().spaceGroups().isEmpty() ? "generator default" : run.spec().spaceGroups())
                .append('\n');
        b.append("- input set: ").append(run.spec().inputSet()).append('\n');
        b.append("- cluster: ").append(run.spec().cluster() == null
                ? "none — bundles prepared into the outbox; submission needs a cluster profile" : run.spec().cluster()).append("\n\n");
        table(b, "Funnel", "stage / reason", run.getFunnel());
        table(b, "Candidates per state", "state", run.getCandidatesPerState());
        b.append("## Failures\n\n");
        if (run.failures().isEmpty()) {
            b.append("None.\n");
        } else {
            b.append("| item | queue | reason |\n|---|---|---|\n");
            for (CampaignRun.Failed f : run.failures()) {
                b.append("| ").append(f.item().label()).append(" | ").append(f.endpoint()).append(" | ")
                        .append(f.reason().replace("|", "\\|").replace("\n", " ")).append(" |\n");
            }
        }
        return b.toString();
    }

    private static void table(StringBuilder b, String title, String key, Map<String, Long> m) {
        b.append("## ").append(title).append("\n\n");
        if (m.isEmpty()) {
            b.append("Nothing counted.\n\n");
            return;
        }
        b.append("| ").append(key).append(" | count |\n|---|---:|\n");
        m.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append('\n');
    }
}
