package org.xtalflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.campaign.CampaignFigures;
import org.xtalflow.campaign.CampaignService;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignSummary;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.FinalHullUpdater;
import org.xtalflow.campaign.HullContext;
import org.xtalflow.campaign.HullHistory;
import org.xtalflow.campaign.HullReferences;
import org.xtalflow.campaign.StoredFailure;
import org.xtalflow.screen.UniqueNovelJudge;
import org.xtalflow.thermo.CampaignStatistics;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.HullStatistics;
import org.xtalflow.thermo.ReferenceSet;

/**
 * A campaign's report in its folder: {@code report.md} for people, {@code report.json} for
 * scripts, {@code funnel.png}, and once candidates are harvested the final convex hull
 * ({@link FinalHull}: all harvested candidates together with the reference set, so they compete
 * with each other), a hull diagram per binary, ternary or quaternary system ({@code hull_<system>.png},
 * {@link HullPlot}), the E_f and E_above_hull histograms ({@link HistogramPlot}) and
 * {@code cifs/} with the stable and near-stable candidates (final E_above_hull ≤
 * {@link #NEAR_STABLE_EV} eV/atom). Everything comes from the store; the harvest-time
 * E_above_hull stored there is provisional and shown beside the final one.
 */
public final class CampaignReport implements CampaignService.Reporter {

    /** Near-stable threshold (eV/atom) for the candidate list and CIFs. */
    public static final double NEAR_STABLE_EV = 0.1;

    /**
     * Rows at most in each list of single candidates (report.json's candidates, the jobs and
     * bundles tables, the pre-screen table): far above a DFT campaign's size, it bounds the report
     * of one that generated millions; the rest are counted ("N more").
     */
    public static final int LISTED_ROWS = 5000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CandidateStore store;
    private final HullAnalysis analysis;
    /** The application's thermo stage with the MP phases of each campaign's systems; null: {@link #analysis} alone. */
    private final HullContext hullContext;

    private final List<String> filters;

    /** With MP2020 corrections and the bundled MP elemental references. */
    public CampaignReport(CandidateStore store) {
        this(store, new HullAnalysis(HullAnalysis.Correction.MP2020, ReferenceSet.bundled()));
    }

    /** @param analysis the configured thermo stage (the same as the harvest stage's) */
    public CampaignReport(CandidateStore store, HullAnalysis analysis) {
        this(store, analysis, org.xtalflow.screen.ScreeningConfig.defaults().filters);
    }

    /** @param filters the configured screening filter order (a spec's own {@code screening.filters} wins) */
    public CampaignReport(CandidateStore store, HullAnalysis analysis, List<String> filters) {
        this(store, analysis, null, filters);
    }

    /**
     * With {@code thermo.references} resolved per campaign (MP's phases from the store's cache or
     * fetched): the report says which references and MP database version it used, or that
     * E_above_hull is a lower bound; the final hull's values are written back to the store.
     */
    public CampaignReport(CandidateStore store, HullContext hullContext) {
        this(store, hullContext, org.xtalflow.screen.ScreeningConfig.defaults().filters);
    }

    /** @param filters the configured screening filter order (a spec's own {@code screening.filters} wins) */
    public CampaignReport(CandidateStore store, HullContext hullContext, List<String> filters) {
        this(store, null, hullContext, filters);
    }

    /** Exactly one of {@code analysis} (fixed references) and {@code hullContext} (per campaign) is set. */
    private CampaignReport(CandidateStore store, HullAnalysis analysis, HullContext hullContext, List<String> filters) {
        this.store = store;
        this.analysis = analysis;
        this.hullContext = hullContext;
        this.filters = List.copyOf(filters);
    }

    /**
     * The campaign's funnel in pipeline order, total and per system, from its candidate rows: the
     * one report.md, report.json, JMX, {@code campaign status} and the status page show.
     */
    public static CampaignFunnel.Result funnel(CampaignSummary run, List<String> configuredFilters) {
        List<String> filters = configuredFilters;
        Object own = run.spec().screening().get("filters");
        if (own instanceof List<?> l && !l.isEmpty()) {
            filters = l.stream().map(String::valueOf).toList();
        }
        Map<String, Long> generated = new LinkedHashMap<>();
        for (String system : run.spec().systemLabels()) {
            // the samples its stored batches drew (a running campaign: so far); a store from before
            // batching has no batches: the samples asked for count once the system's generate marker is in
            long stored = run.samplesStored().getOrDefault(system, 0L);
            generated.put(
                    system,
                    stored > 0
                            ? stored
                            : run.funnel().containsKey("generate.system:" + system)
                                    ? (long) run.spec().samples()
                                    : 0L);
        }
        // the pre-screen stage is shown once it has counted anything (it may be off in a campaign's configuration)
        boolean prescreen = run.funnel().keySet().stream().anyMatch(k -> k.startsWith("prescreen."));
        return new CampaignFunnel(filters, run.spec().cluster() != null, prescreen, HullStatistics.ON_HULL_TOL)
                .buildFromTallies(run.tallies(), generated);
    }

    private double preScreenThreshold = org.xtalflow.predict.PreScreenConfig.DEFAULT_MAX_E_ABOVE_HULL;

    /** A harvested candidate's numbers in the report: final where the final hull has it, else from harvest. */
    private record Energies(
            Candidate candidate,
            double formationEnergyPerAtom,
            double eAboveHull,
            boolean fromFinalHull,
            FinalHull.Point point) {}

    /** The pre-screen threshold the report's recall is computed at (eV/atom; conf's prescreen.max_e_above_hull). */
    public CampaignReport withPreScreenThreshold(double maxEAboveHullEv) {
        this.preScreenThreshold = maxEAboveHullEv;
        return this;
    }

    /** Reads the campaign's summary from the store and writes its report into {@code dir}; returns {@code dir}. */
    @Override
    public Path write(String campaignId, Path dir) {
        return write(CampaignSummary.fromStore(store, campaignId), dir);
    }

    /** Writes the report of a campaign summary (read from the store) into {@code dir}; returns {@code dir}. */
    public Path write(CampaignSummary run, Path dir) {
        try {
            Files.createDirectories(dir);
            HullReferences.Resolved refs =
                    hullContext == null ? localReferences(analysis, run) : hullContext.prepare(run.spec());
            HullAnalysis analysis = hullContext == null ? this.analysis : hullContext.analysis(run.spec());
            // the final hull into the store first: store, JMX, campaign status and this report agree
            String hullText = HullContext.describe(refs, analysis);
            // a hull that would mix engines or settings is refused: the report says why, and shows no hull
            String refusal = null;
            try {
                FinalHullUpdater.update(store, run.campaignId(), run.spec().systems(), analysis, hullText);
            } catch (org.xtalflow.dft.EntrySettings.MixedHullException e) {
                refusal = e.getMessage();
                refs = new HullReferences.Resolved(
                        refs.references(), refs.local(), refs.mpNote(), refs.mpDbVersion(), refs.lowerBound(), refusal);
            }
            Map<String, HullHistory> history = store.hullHistory(run.campaignId());
            // full rows (CIF, entry) only for the candidates whose DFT run ended: as many as jobs ran
            List<Candidate> ended = store.endedAtDft(run.campaignId());
            CampaignStatistics figures =
                    CampaignFigures.of(ended, run.spec().systems(), UniqueNovelJudge.withDefaults(), hullText);
            // the rest of the report shows harvest-time values beside the final hull's
            List<Candidate> endedAtHarvest = atHarvest(ended, history);
            Listed listed = Listed.read(store, run, history);
            List<Candidate> harvested = endedAtHarvest.stream()
                    .filter(c -> c.state() == CandidateState.HARVESTED
                            && c.formationEnergyPerAtomEv() != null
                            && c.eAboveHullEv() != null)
                    .toList();
            FinalHull hull = harvested.isEmpty() || refusal != null
                    ? null
                    : FinalHull.compute(harvested, run.spec().systems(), analysis);
            Map<String, Energies> energies = new LinkedHashMap<>();
            for (Candidate c : harvested) {
                FinalHull.Point p = hull == null ? null : hull.point(c.id());
                energies.put(
                        c.id(),
                        p != null
                                ? new Energies(c, p.formationEnergyPerAtom(), p.eAboveHull(), true, p)
                                : new Energies(c, c.formationEnergyPerAtomEv(), c.eAboveHullEv(), false, null));
            }
            List<Energies> stable = energies.values().stream()
                    .filter(x -> x.eAboveHull() <= NEAR_STABLE_EV)
                    .sorted(Comparator.comparingDouble(Energies::eAboveHull))
                    .toList();
            List<String> images = new ArrayList<>();
            CampaignFunnel.Result funnel = funnel(run, filters);
            if (FunnelPicture.write(
                    funnel.total(),
                    "Funnel — " + run.campaignId() + " (" + run.name() + ")",
                    dir.resolve("funnel.png"))) {
                images.add("funnel.png");
            }
            Map<String, String> hullFigures = new LinkedHashMap<>();
            if (hull != null) {
                for (FinalHull.SystemHull sh : hull.systems()) {
                    if (sh.drawable()) {
                        ChartFiles.save(sh.chart(), dir.resolve(sh.figureName()));
                        hullFigures.put(sh.system(), sh.figureName());
                        images.add(sh.figureName());
                    }
                }
            }
            HullStatistics stats = null;
            if (!energies.isEmpty()) {
                stats = HullStatistics.of(
                        energies.values().stream()
                                .mapToDouble(Energies::formationEnergyPerAtom)
                                .toArray(),
                        energies.values().stream()
                                .mapToDouble(Energies::eAboveHull)
                                .toArray());
                HistogramPlot.writeAll(stats, dir);
                images.add("ef_histogram.png");
                images.add("ehull_histogram.png");
            }
            Path cifs = dir.resolve("cifs");
            for (Energies x : stable) {
                if (x.candidate().structureCif() != null) {
                    Files.createDirectories(cifs);
                    Files.writeString(
                            cifs.resolve(x.candidate().id() + ".cif"),
                            x.candidate().structureCif(),
                            StandardCharsets.UTF_8);
                }
            }
            List<org.xtalflow.campaign.StoredAttempt> attempts = store.campaignAttempts(run.campaignId());
            ObjectNode json = json(run, funnel, listed, energies, stable, stats, hull, hullFigures, images);
            json.set("references", ReferenceNotes.json(refs));
            json.set("statistics", figures.toJson());
            json.set("attempts", AttemptsTable.json(JSON, attempts));
            JSON.writeValue(dir.resolve("report.json").toFile(), json);
            String md = markdown(run, funnel, listed, energies, stable, stats, hull, hullFigures, images);
            // the references (and a lower bound) in the first lines, the statistics after the summary
            int afterTitle = md.indexOf("\n\n") + 2;
            String head = String.join(
                            "\n",
                            ReferenceNotes.markdown(
                                    refs, String.join(", ", run.spec().systemLabels()))) + "\n";
            md = md.substring(0, afterTitle) + head + md.substring(afterTitle) + "\n## Statistics\n\n"
                    + String.join("\n", figures.markdown()) + "\n"
                    + PreScreenReport.section(
                            store.predictions(run.campaignId(), LISTED_ROWS),
                            store.countPredictions(run.campaignId()),
                            preScreenThreshold,
                            dir)
                    + "\n" + AttemptsTable.markdown(attempts);
            Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report in " + dir, e);
        }
    }

    /** Each candidate with its harvest-time values where the final hull has replaced them in the store. */
    private static List<Candidate> atHarvest(List<Candidate> rows, Map<String, HullHistory> history) {
        List<Candidate> out = new ArrayList<>(rows.size());
        for (Candidate c : rows) {
            HullHistory h = history.get(c.id());
            out.add(h == null ? c : h.atHarvest(c));
        }
        return out;
    }

    /**
     * The candidates the report lists one by one, each list cut at {@link #LISTED_ROWS} rows (read
     * without CIF), with how many there are in all: a campaign of 10^6 candidates gives a report
     * of bounded size, its rejected candidates only as the funnel's counts by reason.
     *
     * @param notRejected every candidate not REJECTED (report.json's {@code candidates})
     * @param withJob     candidates with a scheduler job (the jobs table)
     * @param prepared    PREPARED candidates (the bundles table)
     */
    private record Listed(
            List<Candidate> notRejected,
            long notRejectedTotal,
            List<Candidate> withJob,
            long withJobTotal,
            List<Candidate> prepared) {

        static Listed read(CandidateStore store, CampaignSummary run, Map<String, HullHistory> history) {
            String id = run.campaignId();
            long notRejected = run.perState().entrySet().stream()
                    .filter(e -> !e.getKey().equals(CandidateState.REJECTED.name()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            return new Listed(
                    atHarvest(store.notRejected(id, LISTED_ROWS), history),
                    notRejected,
                    atHarvest(store.withJob(id, LISTED_ROWS), history),
                    store.countWithJob(id),
                    store.byStateBrief(id, CandidateState.PREPARED, LISTED_ROWS));
        }

        /** "N more ... not listed" under a cut table, "" when it lists them all. */
        static String more(long total, int listed, String what) {
            return total > listed
                    ? "\n" + (total - listed) + " more " + what + " not listed (the first " + listed
                            + " are; the store has them all).\n"
                    : "";
        }
    }

    /** Without a hull context: the analysis's references, lower bound when no compound of the campaign competes. */
    private static HullReferences.Resolved localReferences(HullAnalysis analysis, CampaignSummary run) {
        boolean lower = false;
        for (List<String> sys : run.spec().systems()) {
            lower |= analysis.references()
                    .compoundsWithin(
                            sys.stream().map(org.xtalflow.crystal.Element::of).toList())
                    .isEmpty();
        }
        return new HullReferences.Resolved(
                analysis.references(), analysis.references().describe(), null, null, lower, null);
    }

    private static ObjectNode json(
            CampaignSummary run,
            CampaignFunnel.Result funnel,
            Listed listed,
            Map<String, Energies> energies,
            List<Energies> stable,
            HullStatistics stats,
            FinalHull hull,
            Map<String, String> hullFigures,
            List<String> images) {
        ObjectNode o = JSON.createObjectNode();
        o.put("campaign_id", run.campaignId());
        o.put("name", run.name());
        o.put("status", run.statusLabel());
        o.put("started", run.started().toString());
        o.put("report_written", Instant.now().toString());
        o.set("spec", JSON.valueToTree(run.spec()));
        ObjectNode seed = o.putObject("seed");
        long base = run.spec().baseSeed(run.campaignId());
        seed.put("value", base);
        seed.put(
                "source",
                run.spec().seed() != null ? "spec (or application.defaults.seed)" : "derived from campaign id");
        ObjectNode perSystem = seed.putObject("per_system");
        for (List<String> system : run.spec().systems()) {
            perSystem.put(String.join("-", system), CampaignSpec.systemSeed(base, system));
        }
        o.set("funnel", JSON.valueToTree(funnel.document()));
        o.set("funnel_counts", JSON.valueToTree(run.funnel())); // the store's transactional counters, by stage.outcome
        o.set("candidates_per_state", JSON.valueToTree(run.perState()));
        ArrayNode figures = o.putArray("figures");
        images.forEach(figures::add);
        if (hull != null) {
            ObjectNode h = o.putObject("final_hull");
            h.put(
                    "note",
                    "E_above_hull and stability from one hull over all harvested candidates of this campaign and the "
                            + "reference set (candidates compete with each other); the values recorded at harvest were provisional "
                            + "(each candidate alone against the references) and are given as *_at_harvest");
            h.put("correction", hull.correction());
            h.put("references", hull.references());
            ArrayNode systems = h.putArray("systems");
            for (FinalHull.SystemHull sh : hull.systems()) {
                ObjectNode x = systems.addObject();
                x.put("system", sh.system());
                x.put("candidates", sh.points().size());
                if (sh.result() != null) {
                    x.put("competing_compounds", sh.result().competingAdded().size());
                    ArrayNode st = x.putArray("stable_phases");
                    sh.stablePhases().forEach(st::add);
                    ArrayNode left = x.putArray("references_left_out");
                    sh.result().referencesRefused().forEach(e -> left.add(e.getMessage()));
                }
                x.put("figure", hullFigures.get(sh.system()));
                if (!hullFigures.containsKey(sh.system())) {
                    x.put("figure_note", figureNote(sh));
                }
                x.put("failure", sh.failure());
            }
            ObjectNode prov = h.putObject("provisional_only");
            hull.provisional().forEach(prov::put);
        }
        if (stats != null) {
            ObjectNode h = o.putObject("hull_statistics");
            h.put("count", stats.count());
            h.put("formation_energy_below_0", stats.formationBelow0());
            h.put("on_hull", stats.onHull());
            h.put("e_above_hull_below_0.1", stats.hullBelow0p1());
            h.put("e_above_hull_below_0.25", stats.hullBelow0p25());
        }
        ArrayNode cands = o.putArray("candidates");
        if (listed.notRejectedTotal() > listed.notRejected().size()) {
            o.put(
                    "candidates_not_listed",
                    listed.notRejectedTotal() - listed.notRejected().size());
        }
        for (Candidate c : listed.notRejected()) {
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
            Energies e = energies.get(c.id());
            if (e == null) {
                x.put("formation_energy_per_atom", c.formationEnergyPerAtomEv());
                x.put("e_above_hull", c.eAboveHullEv());
                continue;
            }
            x.put("formation_energy_per_atom", e.formationEnergyPerAtom());
            x.put("e_above_hull", e.eAboveHull());
            x.put("e_above_hull_source", e.fromFinalHull() ? "final hull" : "harvest (provisional)");
            x.put("formation_energy_per_atom_at_harvest", c.formationEnergyPerAtomEv());
            x.put("e_above_hull_at_harvest", c.eAboveHullEv());
            if (e.point() != null) {
                x.put("is_stable", e.point().stable());
                x.put("decomposition", decomposition(e.point()));
            }
        }
        ArrayNode st = o.putArray("stable_and_near_stable");
        stable.forEach(c -> st.add(c.candidate().id()));
        ArrayNode failures = o.putArray("failures");
        for (StoredFailure f : run.failures()) {
            ObjectNode x = failures.addObject();
            x.put("item", f.itemLabel());
            x.put("queue", f.queue());
            x.put("reason", f.reason());
        }
        o.put("last_error", run.lastError());
        return o;
    }

    /** "on the hull" for a hull vertex, else the phases it decomposes into (atomic fractions). */
    private static String decomposition(FinalHull.Point p) {
        return p.stable() ? "on the hull" : FinalHull.decompositionText(p.decomposition());
    }

    /** Why a system has no hull diagram. */
    private static String figureNote(FinalHull.SystemHull sh) {
        if (sh.result() == null) {
            return "no diagram: " + sh.failure();
        }
        return "no diagram: HullPlot draws systems of two to four elements; "
                + sh.result().phaseDiagram().chemicalSystem() + " has "
                + sh.result().phaseDiagram().elements().size() + " elements (numbers are in the tables)";
    }

    private static String markdown(
            CampaignSummary run,
            CampaignFunnel.Result funnel,
            Listed listed,
            Map<String, Energies> energies,
            List<Energies> stable,
            HullStatistics stats,
            FinalHull hull,
            Map<String, String> hullFigures,
            List<String> images) {
        StringBuilder b = new StringBuilder();
        b.append("# Campaign ")
                .append(run.campaignId())
                .append(" — ")
                .append(run.name())
                .append("\n\n");
        b.append("- status: ").append(run.statusLabel()).append('\n');
        b.append("- started: ").append(run.started()).append('\n');
        b.append("- source: ").append(run.spec().source()).append('\n');
        b.append("- systems: ")
                .append(String.join(", ", run.spec().systemLabels()))
                .append('\n');
        b.append("- generator: ")
                .append(run.spec().generator())
                .append(", samples: ")
                .append(run.spec().samples())
                .append(" per system, space groups: ")
                .append(
                        run.spec().spaceGroups().isEmpty()
                                ? "generator default"
                                : run.spec().spaceGroups())
                .append('\n');
        b.append("- sampling seed: ")
                .append(run.spec().baseSeed(run.campaignId()))
                .append(
                        run.spec().seed() != null
                                ? " (from the spec or application.defaults.seed)"
                                : " (derived from the campaign id; put `seed: "
                                        + run.spec().baseSeed(run.campaignId())
                                        + "` in a spec to draw the same samples again)")
                .append('\n');
        b.append("- input set: ").append(run.spec().inputSet()).append('\n');
        b.append("- cluster: ")
                .append(
                        run.spec().cluster() == null
                                ? "none — job bundles prepared into the outbox; submission needs a cluster profile"
                                : run.spec().cluster())
                .append("\n\n");
        b.append("## Funnel\n\n");
        b.append(
                "In pipeline order; `in = out + rejected + pending` at every stage, and a stage's `in` is the previous "
                        + "stage's `out`; `left` is the share of the structures left after the stage.\n\n");
        b.append(funnel.total().markdown()).append('\n');
        if (images.contains("funnel.png")) {
            b.append("![funnel.png](funnel.png)\n\n");
        }
        if (funnel.perSystem().size() > 1) {
            funnel.perSystem()
                    .forEach((system, f) -> b.append("### ")
                            .append(system)
                            .append("\n\n")
                            .append(f.markdown())
                            .append('\n'));
        }
        if (!funnel.total().reasons().isEmpty()) {
            b.append("Reason codes:\n\n")
                    .append(ReasonGlossary.markdown(funnel.total().reasons().keySet()))
                    .append('\n');
        }
        table(b, "Candidates per state", "state", run.perState());

        b.append("## Jobs\n\n");
        List<Candidate> jobs = listed.withJob();
        if (jobs.isEmpty()) {
            b.append(
                    run.spec().cluster() == null
                            ? "No jobs: this campaign prepares bundles only.\n\n"
                            : "No job submitted yet.\n\n");
        } else {
            b.append("| candidate | cluster | job | state | reason |\n|---|---|---|---|---|\n");
            for (Candidate c : jobs) {
                b.append("| ")
                        .append(c.id())
                        .append(" | ")
                        .append(c.cluster())
                        .append(" | ")
                        .append(c.jobId())
                        .append(" | ")
                        .append(c.state())
                        .append(" | ")
                        .append(cell(c.reason()))
                        .append(" |\n");
            }
            b.append(Listed.more(listed.withJobTotal(), jobs.size(), "jobs"));
            b.append('\n');
        }
        b.append("## Convergence\n\n");
        Map<String, Long> f = run.funnel();
        long conv = f.getOrDefault("harvest.converged", 0L);
        long notConv = f.getOrDefault("harvest.not_converged", 0L);
        b.append(
                conv + notConv == 0
                        ? "Nothing harvested yet.\n\n"
                        : String.format(
                                Locale.ROOT,
                                "%d of %d harvested runs converged (%.1f%%).%n%n",
                                conv,
                                conv + notConv,
                                100.0 * conv / (conv + notConv)));

        b.append("## Final convex hull\n\n");
        if (hull == null) {
            b.append("Nothing harvested yet.\n\n");
        } else {
            b.append("Recomputed for this report: one hull over all ")
                    .append(energies.size())
                    .append(
                            " harvested candidates of this campaign together with the reference phases, so candidates compete "
                                    + "with each other and with the references. E_above_hull and stability below come from this hull. "
                                    + "The values recorded at harvest (\"E_hull at harvest\") were provisional: each candidate was placed "
                                    + "alone against the references.\n\n");
            b.append("- reference set: ").append(hull.references()).append('\n');
            b.append("- correction: ").append(hull.correction()).append("\n\n");
            b.append(
                    "| system | candidates | competing compounds | stable phases | diagram |\n|---|---:|---:|---|---|\n");
            for (FinalHull.SystemHull sh : hull.systems()) {
                String fig = hullFigures.get(sh.system());
                b.append("| ")
                        .append(sh.system())
                        .append(" | ")
                        .append(sh.points().size())
                        .append(" | ")
                        .append(
                                sh.result() == null
                                        ? ""
                                        : String.valueOf(
                                                sh.result().competingAdded().size()))
                        .append(" | ")
                        .append(String.join(", ", sh.stablePhases()))
                        .append(" | ")
                        .append(fig != null ? "[" + fig + "](" + fig + ")" : cell(figureNote(sh)))
                        .append(" |\n");
            }
            b.append('\n');
            hullFigures
                    .values()
                    .forEach(fig ->
                            b.append("![").append(fig).append("](").append(fig).append(")\n\n"));
            for (FinalHull.SystemHull sh : hull.systems()) {
                if (sh.result() != null && !sh.result().referencesRefused().isEmpty()) {
                    b.append("Reference compounds left out of ")
                            .append(sh.system())
                            .append(" (refused by ")
                            .append(hull.correction())
                            .append("): ")
                            .append(sh.result().referencesRefused().size())
                            .append(", e.g. ")
                            .append(cell(sh.result().referencesRefused().get(0).getMessage()))
                            .append("\n\n");
                }
            }
            if (!hull.provisional().isEmpty()) {
                b.append("Not on the final hull (harvest-time values kept):\n\n| candidate | why |\n|---|---|\n");
                hull.provisional()
                        .forEach((id, why) -> b.append("| ")
                                .append(id)
                                .append(" | ")
                                .append(cell(why))
                                .append(" |\n"));
                b.append('\n');
            }
        }

        b.append("## Formation energy and energy above hull\n\n");
        if (stats == null) {
            b.append(
                    "No harvested energies yet: histograms and the stable list appear once jobs have run and been harvested.\n\n");
        } else {
            b.append(String.format(
                    Locale.ROOT,
                    "%d harvested: E_f < 0 for %d, on the hull %d, E_hull < 0.1 eV/atom %d, < 0.25 eV/atom %d.%n%n",
                    stats.count(),
                    stats.formationBelow0(),
                    stats.onHull(),
                    stats.hullBelow0p1(),
                    stats.hullBelow0p25()));
            b.append("![ef_histogram.png](ef_histogram.png)\n\n![ehull_histogram.png](ehull_histogram.png)\n\n");
            b.append("### Stable and near-stable (E_hull ≤ ")
                    .append(NEAR_STABLE_EV)
                    .append(" eV/atom, final hull)\n\n");
            if (stable.isEmpty()) {
                b.append("None.\n\n");
            } else {
                b.append(
                        "| candidate | formula | space group | E_f (eV/atom) | E_hull (eV/atom) | E_hull at harvest | decomposition | CIF |\n"
                                + "|---|---|---:|---:|---:|---:|---|---|\n");
                for (Energies x : stable) {
                    Candidate c = x.candidate();
                    b.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %.4f | %.4f%s | %.4f | %s | %s |%n",
                            c.id(),
                            c.formula(),
                            c.spaceGroup(),
                            x.formationEnergyPerAtom(),
                            x.eAboveHull(),
                            x.fromFinalHull() ? "" : " (provisional)",
                            c.eAboveHullEv(),
                            x.point() == null ? "" : cell(decomposition(x.point())),
                            c.structureCif() == null ? "" : "[cif](cifs/" + c.id() + ".cif)"));
                }
                b.append('\n');
            }
        }
        List<Candidate> prepared = listed.prepared();
        if (!prepared.isEmpty()) {
            b.append(
                    "## Prepared job bundles\n\n| candidate | formula | space group | sites | bundle |\n|---|---|---:|---:|---|\n");
            for (Candidate c : prepared) {
                b.append("| ")
                        .append(c.id())
                        .append(" | ")
                        .append(c.formula())
                        .append(" | ")
                        .append(c.spaceGroup())
                        .append(" | ")
                        .append(c.nsites())
                        .append(" | ")
                        .append(c.bundlePath())
                        .append(" |\n");
            }
            b.append(Listed.more(
                    run.perState().getOrDefault(CandidateState.PREPARED.name(), 0L), prepared.size(), "bundles"));
            b.append('\n');
        }
        b.append("## Failures\n\n");
        if (run.failures().isEmpty()) {
            b.append("None.\n");
        } else {
            b.append("| item | queue | reason |\n|---|---|---|\n");
            for (StoredFailure x : run.failures()) {
                b.append("| ")
                        .append(x.itemLabel())
                        .append(" | ")
                        .append(x.queue())
                        .append(" | ")
                        .append(cell(x.reason()))
                        .append(" |\n");
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
