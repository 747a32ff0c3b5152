package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.report.CampaignFunnel;
import org.xtalflow.report.PipelineFunnel;
import org.xtalflow.report.StatusPage;

/**
 * What {@code campaign status} prints, from the store (the truth, whether or not an application
 * runs; finished campaigns included): a table with a header and one row per campaign, and for
 * one campaign its funnel in pipeline order; or the same as JSON. The funnel is the report's
 * ({@link CampaignFunnel} through {@link StatusPage#funnel}).
 */
final class CampaignStatusTable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-26s %-16s %-8s %-12s %10s %9s %8s %6s  %s%n";

    private final CandidateStore store;
    private final StatusPage page;

    CampaignStatusTable(CandidateStore store, StatusPage page) {
        this.store = store;
        this.page = page;
    }

    /** The campaigns to show: all, or the one named (empty when it does not exist). */
    List<Campaign> select(String id) {
        if (id == null) {
            return store.campaigns();
        }
        return store.campaign(id).map(List::of).orElse(List.of());
    }

    void printTable(List<Campaign> campaigns, PrintStream out) {
        out.printf(
                Locale.ROOT,
                ROW,
                "CAMPAIGN",
                "NAME",
                "STATUS",
                "CLUSTER",
                "STRUCTURES",
                "REJECTED",
                "PENDING",
                "LEFT",
                "UPDATED (UTC)");
        for (Campaign c : campaigns) {
            PipelineFunnel f = page.funnel(c).total();
            long rejected = f.stages().stream()
                    .mapToLong(PipelineFunnel.Stage::rejected)
                    .sum();
            long pending =
                    f.stages().stream().mapToLong(PipelineFunnel.Stage::pending).sum();
            out.printf(
                    Locale.ROOT,
                    ROW,
                    c.id(),
                    cut(c.name(), 16),
                    c.status(),
                    cut(c.cluster() == null ? "none" : c.cluster(), 12),
                    f.base(),
                    rejected,
                    pending,
                    f.survivors(),
                    TIME.format(Instant.ofEpochMilli(c.updatedAt())));
        }
    }

    void printFunnel(Campaign c, PrintStream out) {
        CampaignFunnel.Result r = page.funnel(c);
        out.println();
        out.println("funnel of " + c.id() + " (total):");
        out.print(r.total().text());
        if (r.perSystem().size() > 1) {
            r.perSystem().forEach((sys, f) -> {
                out.println();
                out.println("funnel of " + c.id() + " (" + sys + "):");
                out.print(f.text());
            });
        }
        if (c.statusReason() != null && !c.statusReason().isBlank()) {
            out.println();
            out.println("status reason: " + c.statusReason());
        }
    }

    void printJson(List<Campaign> campaigns, PrintStream out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Campaign c : campaigns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("campaign_id", c.id());
            m.put("name", c.name());
            m.put("status", c.status().name());
            m.put("status_reason", c.statusReason());
            m.put("cluster", c.cluster());
            m.put("created", Instant.ofEpochMilli(c.createdAt()).toString());
            m.put("updated", Instant.ofEpochMilli(c.updatedAt()).toString());
            Map<String, Long> states = new LinkedHashMap<>();
            store.countByState(c.id()).forEach((CandidateState s, Long n) -> states.put(s.name(), n));
            m.put("candidates_per_state", states);
            m.put("funnel", page.funnel(c).document());
            rows.add(m);
        }
        try {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
