package org.xtalflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.xtalflow.camel.CampaignRun;
import org.xtalflow.camel.CampaignService;
import org.xtalflow.camel.CampaignSpec;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.thermo.HullStatistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A campaign's report in its folder: {@code report.md} for people, {@code report.json} for
 * scripts, {@code funnel.png}, and once candidates are harvested the E_f and E_above_hull
 * histograms (thermo's {@link HistogramPlot}) and {@code cifs/} with the stable and near-stable
 * candidates (E_above_hull ≤ {@link #NEAR_STABLE_EV} eV/atom). Everything comes from the store.
 */
public final class CampaignReport implements CampaignService.Reporter {

    /** Near-stable threshold (eV/atom) for the candidate list and CIFs. */
    public static final double NEAR_STABLE_EV = 0.1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CandidateStore store;

    public CampaignReport(CandidateStore store) {
        this.store = store;
    }

    @Override
    public Path write(CampaignRun run, Path dir) {
        try {
            Files.createDirectories(dir);
            List<Candidate> all = store.candidates(run.getCampaignId());
            List<Candidate> harvested = all.stream().filter(c -> c.state() == CandidateState.HARVESTED
                    && c.formationEnergyPerAtomEv() != null && c.eAboveHullEv() != null).toList();
            List<Candidate> stable = harvested.stream().filter(c -> c.eAboveHullEv() <= NEAR_STABLE_EV)
                    .sorted(Comparator.comparingDouble(Candidate::eAboveHullEv)).toList();
            List<String> images = new ArrayList<>();
            if (!run.getFunnel().isEmpty()) {
                funnelChart(run.getFunnel(), dir.resolve("funnel.png"));
                images.add("funnel.png");
            }
            HullStatistics stats = null;
            if (!harvested.isEmpty()) {
                stats = HullStatistics.of(harvested.stream().mapToDouble(Candidate::formationEnergyPerAtomEv).toArray(),
                        harvested.stream().mapToDouble(Candidate::eAboveHullEv).toArray());
                HistogramPlot.writeAll(stats, dir);
                images.add("ef_histogram.png");
                images.add("ehull_histogram.png");
            }
            Path cifs = dir.resolve("cifs");
            for (Candidate c : stable) {
                if (c.structureCif() != null) {
                    Files.createDirectories(cifs);
                    Files.writeString(cifs.resolve(c.id() + ".cif"), c.structureCif(), StandardCharsets.UTF_8);
                }
            }
            JSON.writeValue(dir.resolve("report.json").toFile(), json(run, all, stable, stats));
            Files.writeString(dir.resolve("report.md"), markdown(run, all, stable, stats, images), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report in " + dir, e);
        }
    }

    private static void funnelChart(Map<String, Long> funnel, Path file) throws IOException {
        List<String> names = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        funnel.forEach((k, v) -> {
            if (!k.startsWith("generate.system:")) {
                names.add(k);
                counts.add(v);
            }
        });
        if (names.isEmpty()) {
            return;
        }
        CategoryChart c = new CategoryChartBuilder().width(900).height(500).title("Funnel")
                .xAxisTitle("stage.outcome").yAxisTitle("candidates").build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        c.addSeries("count", names, counts);
        ChartFiles.save(c, file);
    }

    private static ObjectNode json(CampaignRun run, List<Candidate> all, List<Candidate> stable, HullStatistics stats) {
        ObjectNode o = JSON.createObjectNode();
        o.put("campaign_id", run.getCampaignId());
        o.put("name", run.getName());
        o.put("status", run.getStatus());
        o.put("started", run.started().toString());
        o.put("report_written", Instant.now().toString());
        o.set("spec", JSON.valueToTree(run.spec()));
        ObjectNode seed = o.putObject("seed");
        long base = run.spec().baseSeed(run.getCampaignId());
        seed.put("value", base);
        seed.put("source", run.spec().seed() != null ? "spec (or application.defaults.seed)" : "derived from campaign id");
        ObjectNode perSystem = seed.putObject("per_system");
        for (List<String> system : run.spec().systems()) {
            perSystem.put(String.join("-", system), CampaignSpec.systemSeed(base, system));
        }
        o.set("funnel", JSON.valueToTree(run.getFunnel()));
        o.set("candidates_per_state", JSON.valueToTree(run.getCandidatesPerState()));
        if (stats != null) {
            ObjectNode h = o.putObject("hull_statistics");
            h.put("count", stats.count());
            h.put("formation_energy_below_0", stats.formationBelow0());
            h.put("on_hull", stats.onHull());
            h.put("e_above_hull_below_0.1", stats.hullBelow0p1());
            h.put("e_above_hull_below_0.25", stats.hullBelow0p25());
        }
        ArrayNode cands = o.putArray("candidates");
        for (Candidate c : all) {
            if (c.state() == CandidateState.REJECTED) {
                continue;
            }
            ObjectNode x = cands.addObject();
            x.put("id", c.id());
            x.put("state", c.state().name());
            x.put("formula", c.formula());
            x.put("spacegroup_number", c.spaceGroup());
            x.put("nsites", c.nsites());
            x.put("bundle", c.bundlePath());
            x.put("cluster", c.cluster());
            x.put("job_id", c.jobId());
            x.put("reason", c.reason());
            x.put("formation_energy_per_atom", c.formationEnergyPerAtomEv());
            x.put("e_above_hull", c.eAboveHullEv());
        }
        ArrayNode st = o.putArray("stable_and_near_stable");
        stable.forEach(c -> st.add(c.id()));
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

    private static String markdown(CampaignRun run, List<Candidate> all, List<Candidate> stable, HullStatistics stats,
                                   List<String> images) {
        StringBuilder b = new StringBuilder();
        b.append("# Campaign ").append(run.getCampaignId()).append(" — ").append(run.getName()).append("\n\n");
        b.append("- status: ").append(run.getStatus()).append('\n');
        b.append("- started: ").append(run.started()).append('\n');
        b.append("- source: ").append(run.spec().source()).append('\n');
        b.append("- systems: ").append(String.join(", ", run.spec().systemLabels())).append('\n');
        b.append("- generator: ").append(run.spec().generator()).append(", samples: ").append(run.spec().samples())
                .append(" per system, space groups: ")
                .append(run.spec().spaceGroups().isEmpty() ? "generator default" : run.spec().spaceGroups()).append('\n');
        b.append("- sampling seed: ").append(run.spec().baseSeed(run.getCampaignId()))
                .append(run.spec().seed() != null ? " (from the spec or application.defaults.seed)" : " (derived from the campaign id; put `seed: "
                        + run.spec().baseSeed(run.getCampaignId()) + "` in a spec to draw the same samples again)").append('\n');
        b.append("- input set: ").append(run.spec().inputSet()).append('\n');
        b.append("- cluster: ").append(run.spec().cluster() == null
                ? "none — job bundles prepared into the outbox; submission needs a cluster profile" : run.spec().cluster())
                .append("\n\n");
        table(b, "Funnel", "stage.outcome", run.getFunnel());
        for (String img : images) {
            b.append("![").append(img).append("](").append(img).append(")\n\n");
        }
        table(b, "Candidates per state", "state", run.getCandidatesPerState());

        b.append("## Jobs\n\n");
        List<Candidate> jobs = all.stream().filter(c -> c.jobId() != null).toList();
        if (jobs.isEmpty()) {
            b.append(run.spec().cluster() == null ? "No jobs: this campaign prepares bundles only.\n\n" : "No job submitted yet.\n\n");
        } else {
            b.append("| candidate | cluster | job | state | reason |\n|---|---|---|---|---|\n");
            for (Candidate c : jobs) {
                b.append("| ").append(c.id()).append(" | ").append(c.cluster()).append(" | ").append(c.jobId()).append(" | ")
                        .append(c.state()).append(" | ").append(cell(c.reason())).append(" |\n");
            }
            b.append('\n');
        }
        b.append("## Convergence\n\n");
        Map<String, Long> f = run.getFunnel();
        long conv = f.getOrDefault("harvest.converged", 0L);
        long notConv = f.getOrDefault("harvest.not_converged", 0L);
        b.append(conv + notConv == 0 ? "Nothing harvested yet.\n\n"
                : String.format(Locale.ROOT, "%d of %d harvested runs converged (%.1f%%).%n%n", conv, conv + notConv,
                100.0 * conv / (conv + notConv)));

        b.append("## Formation energy and energy above hull\n\n");
        if (stats == null) {
            b.append("No harvested energies yet: histograms and the stable list appear once jobs have run and been harvested.\n\n");
        } else {
            b.append(String.format(Locale.ROOT, "%d harvested: E_f < 0 for %d, on the hull %d, E_hull < 0.1 eV/atom %d, < 0.25 eV/atom %d.%n%n",
                    stats.count(), stats.formationBelow0(), stats.onHull(), stats.hullBelow0p1(), stats.hullBelow0p25()));
            b.append("### Stable and near-stable (E_hull ≤ ").append(NEAR_STABLE_EV).append(" eV/atom)\n\n");
            if (stable.isEmpty()) {
                b.append("None.\n\n");
            } else {
                b.append("| candidate | formula | space group | E_f (eV/atom) | E_hull (eV/atom) | CIF |\n|---|---|---:|---:|---:|---|\n");
                for (Candidate c : stable) {
                    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %.4f | [cif](cifs/%s.cif) |%n", c.id(), c.formula(),
                            c.spaceGroup(), c.formationEnergyPerAtomEv(), c.eAboveHullEv(), c.id()));
                }
                b.append('\n');
            }
        }
        List<Candidate> prepared = all.stream().filter(c -> c.state() == CandidateState.PREPARED).toList();
        if (!prepared.isEmpty()) {
            b.append("## Prepared job bundles\n\n| candidate | formula | space group | sites | bundle |\n|---|---|---:|---:|---|\n");
            for (Candidate c : prepared) {
                b.append("| ").append(c.id()).append(" | ").append(c.formula()).append(" | ").append(c.spaceGroup()).append(" | ")
                        .append(c.nsites()).append(" | ").append(c.bundlePath()).append(" |\n");
            }
            b.append('\n');
        }
        b.append("## Failures\n\n");
        if (run.failures().isEmpty()) {
            b.append("None.\n");
        } else {
            b.append("| item | queue | reason |\n|---|---|---|\n");
            for (CampaignRun.Failed x : run.failures()) {
                b.append("| ").append(x.item().label()).append(" | ").append(x.endpoint()).append(" | ").append(cell(x.reason())).append(" |\n");
            }
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
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
