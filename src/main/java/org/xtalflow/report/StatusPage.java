package org.xtalflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.CampaignSummary;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StoreEvent;

/**
 * The read-only status page of a running application, rendered from the store on each request:
 * campaigns, each campaign's funnel (table and picture), candidates per state, jobs per cluster,
 * the SSH budget of each cluster (from the application, when it gives one), recent errors and the
 * hull diagrams of the campaign's report. Refreshes itself every few seconds; has no form, no
 * button and no write operation.
 */
public final class StatusPage {

    /** What the page needs besides the store. */
    public record Settings(
            List<String> filters, Path reportsDir, double stableEHullEv, int refreshSeconds, int campaignsShown) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final CandidateStore store;
    private final Settings settings;
    private final Supplier<Map<String, String>> sshBudget;

    /**
     * @param sshBudget per cluster a one-line budget ("3/8 connections, 12 commands/min"), from the
     *                  running application; null when there is none
     */
    public StatusPage(CandidateStore store, Settings settings, Supplier<Map<String, String>> sshBudget) {
        this.store = store;
        this.settings = settings;
        this.sshBudget = sshBudget;
    }

    /** The campaigns shown: active and paused first, then the newest. */
    List<Campaign> shown() {
        List<Campaign> all = new ArrayList<>(store.campaigns());
        all.sort(Comparator.comparing((Campaign c) ->
                        c.status() == CampaignStatus.ACTIVE || c.status() == CampaignStatus.PAUSED ? 0 : 1)
                .thenComparing(Comparator.comparingLong(Campaign::createdAt).reversed()));
        return all.subList(0, Math.min(all.size(), settings.campaignsShown()));
    }

    /** The funnel of one campaign, total and per system, from its candidate rows and spec. */
    public CampaignFunnel.Result funnel(Campaign c) {
        try {
            // the report's own computation, so the page and report.md cannot disagree
            return CampaignReport.funnel(CampaignSummary.fromStore(store, c.id()), settings.filters());
        } catch (IllegalArgumentException unreadableSpec) {
            Spec spec = Spec.of(c);
            Map<String, Long> samples = new LinkedHashMap<>();
            spec.systems().forEach(s -> samples.put(s, 0L));
            return new CampaignFunnel(
                            settings.filters(),
                            c.cluster() != null && !c.cluster().isBlank(),
                            false,
                            settings.stableEHullEv())
                    .buildFromTallies(store.tallies(c.id()), samples);
        }
    }

    /** The campaign's systems and samples per system, from its stored spec. */
    record Spec(List<String> systems, long samples) {
        static Spec of(Campaign c) {
            List<String> systems = new ArrayList<>();
            long samples = 0;
            try {
                JsonNode n = c.specJson() == null ? null : JSON.readTree(c.specJson());
                if (n != null) {
                    for (JsonNode s : n.path("systems")) {
                        if (s.isArray()) {
                            List<String> els = new ArrayList<>();
                            s.forEach(e -> els.add(e.asText()));
                            systems.add(String.join("-", els));
                        } else {
                            systems.add(s.asText().trim().replaceAll("[\\s,]+", "-"));
                        }
                    }
                    samples = n.path("samples").asLong(0);
                }
            } catch (IOException e) {
                // a spec this version cannot read: the funnel still shows the candidates, per formula
            }
            return new Spec(systems, samples);
        }
    }

    public String html() {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"")
                .append(settings.refreshSeconds())
                .append("\">")
                .append("<title>xtalflow status</title><style>")
                .append(
                        "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0 1em}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#eef}")
                .append("td.l,th.l{text-align:left}h2{margin-top:1.5em;border-bottom:2px solid #2b6cb0}")
                .append(".ACTIVE{color:#1a7f37;font-weight:bold}.FAILED{color:#b83232;font-weight:bold}")
                .append("img{max-width:100%;border:1px solid #ddd;margin:4px 0}.err{color:#b83232}")
                .append("</style></head><body>");
        b.append("<h1>xtalflow status</h1><p id=\"refreshed\">Refreshed ")
                .append(TIME.format(Instant.now()))
                .append(" (every ")
                .append(settings.refreshSeconds())
                .append(" s; read-only)</p>");
        List<Campaign> campaigns = shown();
        campaignsTable(b, campaigns);
        jobsTable(b);
        sshTable(b);
        for (Campaign c : campaigns) {
            campaignSection(b, c);
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private void campaignsTable(StringBuilder b, List<Campaign> campaigns) {
        b.append("<h2>Campaigns</h2>");
        if (campaigns.isEmpty()) {
            b.append("<p id=\"no-campaigns\">No campaign in the store yet.</p>");
            return;
        }
        b.append(
                        "<table id=\"campaigns\"><tr><th class=\"l\">campaign</th><th class=\"l\">name</th><th class=\"l\">status</th>")
                .append(
                        "<th class=\"l\">cluster</th><th>candidates</th><th>left at the end</th><th class=\"l\">created</th></tr>");
        for (Campaign c : campaigns) {
            PipelineFunnel f = funnel(c).total();
            b.append("<tr data-campaign=\"")
                    .append(esc(c.id()))
                    .append("\"><td class=\"l\"><a href=\"#")
                    .append(esc(c.id()))
                    .append("\">")
                    .append(esc(c.id()))
                    .append("</a></td><td class=\"l\">")
                    .append(esc(c.name()))
                    .append("</td><td class=\"l ")
                    .append(c.status())
                    .append("\">")
                    .append(c.status())
                    .append("</td><td class=\"l\">")
                    .append(esc(c.cluster() == null ? "none" : c.cluster()))
                    .append("</td><td class=\"candidates\">")
                    .append(f.base())
                    .append("</td><td>")
                    .append(f.survivors())
                    .append("</td><td class=\"l\">")
                    .append(TIME.format(Instant.ofEpochMilli(c.createdAt())))
                    .append("</td></tr>");
        }
        b.append("</table>");
    }

    private void jobsTable(StringBuilder b) {
        List<CandidateState> jobStates = List.of(
                CandidateState.SUBMITTING,
                CandidateState.SUBMITTED,
                CandidateState.RUNNING,
                CandidateState.FINISHED,
                CandidateState.FAILED,
                CandidateState.TIMEOUT,
                CandidateState.HARVESTED);
        // counted by the database: the page of a store with 10^6 candidates reads a few rows
        Map<String, Map<CandidateState, Long>> perCluster = new TreeMap<>();
        store.countByClusterAndState()
                .forEach((cl, counts) -> counts.forEach((state, n) -> {
                    if (jobStates.contains(state)) {
                        perCluster
                                .computeIfAbsent(cl, k -> new EnumMap<>(CandidateState.class))
                                .put(state, n);
                    }
                }));
        b.append("<h2>Jobs per cluster</h2>");
        if (perCluster.isEmpty()) {
            b.append("<p id=\"no-jobs\">No job on any cluster.</p>");
            return;
        }
        b.append("<table id=\"jobs\"><tr><th class=\"l\">cluster</th>");
        jobStates.forEach(s -> b.append("<th>").append(s).append("</th>"));
        b.append("</tr>");
        perCluster.forEach((cl, m) -> {
            b.append("<tr><td class=\"l\">").append(esc(cl)).append("</td>");
            jobStates.forEach(
                    s -> b.append("<td>").append(m.getOrDefault(s, 0L)).append("</td>"));
            b.append("</tr>");
        });
        b.append("</table>");
    }

    private void sshTable(StringBuilder b) {
        b.append("<h2>SSH budget</h2>");
        Map<String, String> budget = sshBudget == null ? Map.of() : sshBudget.get();
        if (budget.isEmpty()) {
            b.append("<p id=\"no-ssh\">No cluster session open.</p>");
            return;
        }
        b.append("<table id=\"ssh\"><tr><th class=\"l\">cluster</th><th class=\"l\">budget</th></tr>");
        new TreeMap<>(budget)
                .forEach((k, v) -> b.append("<tr><td class=\"l\">")
                        .append(esc(k))
                        .append("</td><td class=\"l\">")
                        .append(esc(v))
                        .append("</td></tr>"));
        b.append("</table>");
    }

    private void campaignSection(StringBuilder b, Campaign c) {
        CampaignFunnel.Result r = funnel(c);
        b.append("<h2 id=\"")
                .append(esc(c.id()))
                .append("\">")
                .append(esc(c.id()))
                .append(" — ")
                .append(esc(c.name()))
                .append(" <span class=\"")
                .append(c.status())
                .append("\">")
                .append(c.status())
                .append("</span></h2>");
        if (c.statusReason() != null && !c.statusReason().isBlank()) {
            b.append("<p class=\"")
                    .append(c.status() == CampaignStatus.FAILED ? "err" : "reason")
                    .append("\">")
                    .append(esc(c.statusReason()))
                    .append("</p>");
        }
        b.append("<h3>Funnel</h3>");
        funnelTable(b, r.total(), c.id());
        if (r.perSystem().size() > 1) {
            r.perSystem().forEach((sys, f) -> {
                b.append("<h4>").append(esc(sys)).append("</h4>");
                funnelTable(b, f, c.id() + ":" + sys);
            });
        }
        b.append("<img alt=\"funnel of ")
                .append(esc(c.id()))
                .append("\" src=\"/funnel/")
                .append(esc(c.id()))
                .append(".png\">");
        Map<String, Long> reasons = r.total().reasons();
        if (!reasons.isEmpty()) {
            b.append("<details><summary>Reason codes</summary><ul>");
            reasons.keySet()
                    .forEach(k -> b.append("<li><code>")
                            .append(esc(k))
                            .append("</code>: ")
                            .append(esc(ReasonGlossary.explain(k)))
                            .append("</li>"));
            b.append("</ul></details>");
        }
        b.append("<h3>Candidates per state</h3><table class=\"states\" data-campaign=\"")
                .append(esc(c.id()))
                .append("\"><tr>");
        Map<CandidateState, Long> states = store.countByState(c.id());
        states.keySet().forEach(s -> b.append("<th>").append(s).append("</th>"));
        b.append("</tr><tr>");
        states.values().forEach(v -> b.append("<td>").append(v).append("</td>"));
        b.append("</tr></table>");
        List<StoreEvent> errors = store.campaignEvents(c.id(), 200).stream()
                .filter(StatusPage::isError)
                .limit(10)
                .toList();
        b.append("<h3>Recent errors</h3>");
        if (errors.isEmpty()) {
            b.append("<p>None.</p>");
        } else {
            b.append("<ul class=\"errors\">");
            errors.forEach(e -> b.append("<li>")
                    .append(TIME.format(Instant.ofEpochMilli(e.at())))
                    .append(" ")
                    .append(esc(e.candidateId() == null ? "" : e.candidateId()))
                    .append(": ")
                    .append(esc(e.message()))
                    .append("</li>"));
            b.append("</ul>");
        }
        List<String> hulls = hullImages(c.id());
        if (!hulls.isEmpty()) {
            b.append("<h3>Hull diagrams</h3>");
            hulls.forEach(h -> b.append("<img alt=\"")
                    .append(esc(h))
                    .append("\" src=\"/files/")
                    .append(esc(c.id()))
                    .append('/')
                    .append(esc(h))
                    .append("\">"));
        }
    }

    private static void funnelTable(StringBuilder b, PipelineFunnel f, String id) {
        b.append("<table class=\"funnel\" data-scope=\"")
                .append(esc(id))
                .append("\"><tr><th class=\"l\">stage</th><th>in</th>")
                .append("<th>out</th><th>rejected</th><th>pending</th><th>left</th><th class=\"l\">reasons</th></tr>");
        for (PipelineFunnel.Stage s : f.stages()) {
            double share = f.shareLeft(s);
            StringBuilder reasons = new StringBuilder();
            s.reasons()
                    .forEach((k, v) -> reasons.append(reasons.isEmpty() ? "" : ", ")
                            .append(k)
                            .append(' ')
                            .append(v));
            b.append("<tr data-stage=\"")
                    .append(esc(s.name()))
                    .append("\"><td class=\"l\">")
                    .append(esc(s.name()))
                    .append("</td><td>")
                    .append(s.in())
                    .append("</td><td class=\"out\">")
                    .append(s.out())
                    .append("</td><td>")
                    .append(s.rejected())
                    .append("</td><td>")
                    .append(s.pending())
                    .append("</td><td>")
                    .append(Double.isNaN(share) ? "" : PipelineFunnel.percent(share))
                    .append("</td><td class=\"l\">")
                    .append(esc(reasons.toString()))
                    .append("</td></tr>");
        }
        b.append("</table>");
    }

    private static boolean isError(StoreEvent e) {
        if (e.toState() == CandidateState.FAILED || e.toState() == CandidateState.TIMEOUT) {
            return true;
        }
        String m = e.message() == null ? "" : e.message().toLowerCase(Locale.ROOT);
        return m.contains("error") || m.contains("failed");
    }

    /** The campaign's hull diagrams in its report folder (hull_<system>.png). */
    List<String> hullImages(String campaignId) {
        Path dir = reportDir(campaignId);
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(StatusPage::servable)
                    .filter(n -> n.startsWith("hull_"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The file of a report image, or null when the name is not one the page serves. */
    public Path reportFile(String campaignId, String name) {
        Path dir = reportDir(campaignId);
        if (dir == null || !servable(name)) {
            return null;
        }
        Path f = dir.resolve(name);
        return Files.isRegularFile(f) ? f : null;
    }

    private Path reportDir(String campaignId) {
        if (settings.reportsDir() == null
                || !CandidateStore.ID.matcher(campaignId).matches()) {
            return null;
        }
        return settings.reportsDir().resolve(campaignId);
    }

    /** Only the report's own PNG images: no path separators, no other files. */
    static boolean servable(String name) {
        return name.matches("[A-Za-z0-9_.-]{1,120}\\.png") && !name.startsWith(".");
    }

    /** The funnel picture of a campaign, or null for an unknown campaign. */
    public byte[] funnelPng(String campaignId) throws IOException {
        Campaign c = store.campaign(campaignId).orElse(null);
        if (c == null) {
            return null;
        }
        PipelineFunnel f = funnel(c).total();
        return FunnelPicture.png(f, "Funnel — " + c.id());
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
