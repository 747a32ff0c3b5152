package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifWriter;

/**
 * The pipeline that moves candidates between states: GENERATED → SCREENED (or REJECTED) →
 * PREPARED, and FINISHED → HARVESTED. Each method takes a {@link WorkItem}, calls one stage
 * ({@link Stages}: ports whose adapters wrap the science packages), moves the candidate in the
 * store (one transaction per transition) and returns the item(s) for the next stage. The routes
 * call it as bean {@code pipeline}; flow (queues, concurrency, errors) stays in the routes.
 */
public final class Pipeline {

    private final CampaignService campaigns;
    private final CandidateStore store;
    private final Path outbox;
    private final Stages.Generate generate;
    private final Stages.Screen screen;
    private Stages.PreScreen prescreen;
    private final Stages.Prepare prepare;
    private final Stages.Harvest harvest;
    private static final org.slf4j.Logger LOG_HARVEST = org.slf4j.LoggerFactory.getLogger(Pipeline.class);
    private volatile java.util.function.Consumer<String> harvested = id -> {};

    /** What runs after each harvest, with the campaign id (the application recomputes the final hull). */
    public void onHarvested(java.util.function.Consumer<String> hook) {
        this.harvested = hook;
    }

    public Pipeline(
            CampaignService campaigns,
            CandidateStore store,
            Path outbox,
            Stages.Generate generate,
            Stages.Screen screen,
            Stages.Prepare prepare,
            Stages.Harvest harvest) {
        this.campaigns = campaigns;
        this.store = store;
        this.outbox = outbox;
        this.generate = generate;
        this.screen = screen;
        this.prepare = prepare;
        this.harvest = harvest;
    }

    /**
     * Samples one system, stores every cell as GENERATED, screens them (SCREENED or REJECTED with
     * the filter's reason, funnel counts in the store) and returns one item per survivor.
     */
    public List<WorkItem> generate(WorkItem item) {
        CampaignRun run = campaigns.require(item.campaignId());
        if (run.parkIfPaused(Stage.GENERATE, item)) {
            return List.of();
        }
        if (generate == null || screen == null) {
            throw new StageUnavailableException(
                    generate == null ? "generate" : "screen", "not bound in this application");
        }
        List<Stages.Generated> raw = generate.generate(run.spec(), item.system(), seed(item));
        List<CandidateChange> rows = new ArrayList<>(raw.size());
        for (Stages.Generated g : raw) {
            rows.add(structureChange(g.structure(), g.spaceGroup().number())
                    .withCluster(item.cluster())
                    .countIn("generate", "samples"));
        }
        // The system's marker goes with its candidates (one transaction): a resumed campaign
        // never generates a stored system again, and the funnel says so.
        String marker = CampaignService.systemMarker(item.system());
        if (rows.isEmpty()) {
            store.addFunnelCount(item.campaignId(), "generate", marker, 1);
        } else {
            rows.get(0).countIn("generate", marker);
        }
        List<Candidate> stored = store.addCandidates(item.campaignId(), rows);
        List<String> ids = stored.stream().map(Candidate::id).toList();
        List<WorkItem> next = prescreenStored(run, screenStored(item, run, raw, ids));
        campaigns.expand(item, next.size());
        return next;
    }

    /**
     * Screens stored GENERATED candidates: SCREENED or REJECTED, each with its funnel count in the
     * same transaction (a kill mid-way loses neither); returns the survivors' items.
     */
    private List<WorkItem> screenStored(WorkItem item, CampaignRun run, List<Stages.Generated> raw, List<String> ids) {
        List<Stages.Screen.Result> results = screen.screen(item.campaignId(), run.spec(), raw, ids);
        List<WorkItem> next = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Stages.Screen.Result r = results.get(i);
            if (r.passed()) {
                store.transition(
                        r.id(),
                        CandidateState.GENERATED,
                        CandidateState.SCREENED,
                        structureChange(r.structure(), raw.get(i).spaceGroup().number())
                                .countIn("screen", "passed"));
                next.add(item.withCandidate(r.id(), r.structure(), raw.get(i).spaceGroup()));
            } else {
                store.transition(
                        r.id(),
                        CandidateState.GENERATED,
                        CandidateState.REJECTED,
                        CandidateChange.reason(r.reason() + ": " + r.detail()).countIn("screen", r.reason()));
            }
        }
        return next;
    }

    /**
     * Candidates a killed application left GENERATED (stored, not screened): screened now; the
     * survivors' items are returned for the prepare queue.
     */
    public List<WorkItem> rescreen(String campaignId, List<Candidate> generated) {
        CampaignRun run = campaigns.require(campaignId);
        List<Stages.Generated> raw = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Candidate c : generated) {
            WorkItem w = fromStore(c);
            raw.add(new Stages.Generated(w.structure(), w.spaceGroup()));
            ids.add(c.id());
        }
        WorkItem first = fromStore(generated.get(0));
        return prescreenStored(
                run,
                screenStored(
                        new WorkItem(
                                campaignId,
                                first.system(),
                                null,
                                null,
                                null,
                                null,
                                run.spec().cluster(),
                                null),
                        run,
                        raw,
                        ids));
    }

    /** Binds the ML pre-screen between screening and preparation (none: every screened candidate goes on). */
    public Pipeline withPreScreen(Stages.PreScreen stage) {
        this.prescreen = stage;
        return this;
    }

    /**
     * The pre-screen over one system's screened candidates: each keeps its predictions in the
     * store; a rejected one goes SCREENED → REJECTED with its reason (funnel "prescreen", reason),
     * the others stay SCREENED (funnel "prescreen", "passed") and are returned for preparation.
     */
    private List<WorkItem> prescreenStored(CampaignRun run, List<WorkItem> screened) {
        if (prescreen == null || screened.isEmpty() || !prescreen.enabled(run.spec())) {
            return screened;
        }
        List<String> ids = screened.stream().map(WorkItem::candidateId).toList();
        List<Structure> structures = screened.stream().map(WorkItem::structure).toList();
        List<Stages.PreScreen.Result> results = prescreen.prescreen(run.spec(), ids, structures);
        List<WorkItem> next = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Stages.PreScreen.Result r = results.get(i);
            CandidateChange predictions = CandidateChange.none()
                    .withPredictions(finite(r.formationEnergy()), finite(r.eAboveHull()), r.predictionsJson());
            if (r.passed()) {
                store.update(
                        r.id(),
                        CandidateState.SCREENED,
                        predictions.withMessage("pre-screen passed").countIn("prescreen", "passed"));
                next.add(screened.get(i));
            } else {
                store.transition(
                        r.id(),
                        CandidateState.SCREENED,
                        CandidateState.REJECTED,
                        predictions
                                .withReason(r.reason() + ": " + r.detail())
                                .countIn("prescreen", outcome(r.reason())));
            }
        }
        return next;
    }

    /** "prescreen.not_top_n" counts as outcome "not_top_n" of stage "prescreen" (funnel key prescreen.not_top_n). */
    private static String outcome(String reason) {
        return reason.startsWith("prescreen.") ? reason.substring("prescreen.".length()) : reason;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static CandidateChange structureChange(Structure s, int spaceGroup) {
        return CandidateChange.none()
                .withStructure(
                        s.composition().reducedFormula(), spaceGroup, s.sites().size(), CifWriter.p1(s));
    }

    /** A stored candidate as a work item again (resume after a restart). */
    public WorkItem fromStore(Candidate c) {
        Structure s =
                new CifReader().read(c.structureCif(), c.id() + ".cif").get(0).structure();
        List<String> system =
                s.sites().stream().map(x -> x.species().symbol()).distinct().toList();
        return new WorkItem(
                c.campaignId(),
                system,
                c.id(),
                s,
                c.spaceGroup() == null ? null : SpaceGroup.of(c.spaceGroup()),
                c.bundlePath() == null ? null : Path.of(c.bundlePath()),
                c.cluster(),
                c.jobId());
    }

    /** The spec's seed (or one derived from the campaign id) for this system: {@link CampaignSpec#systemSeed}. */
    private long seed(WorkItem item) {
        return CampaignSpec.systemSeed(
                campaigns.require(item.campaignId()).spec().baseSeed(item.campaignId()), item.system());
    }

    /** Writes the candidate's job bundle (the campaign's DFT engine) into the campaign's outbox folder: SCREENED → PREPARED. */
    public WorkItem prepare(WorkItem item) {
        CampaignRun run = campaigns.require(item.campaignId());
        if (run.parkIfPaused(Stage.PREPARE, item)) {
            return null;
        }
        if (prepare == null) {
            throw new StageUnavailableException("prepare", "no DFT input writer is bound");
        }
        if (prescreen != null && prescreen.enabled(run.spec()) && !store.hasPredictions(item.candidateId())) {
            // SCREENED but never pre-screened (a kill came between the two): pre-screen it now, alone
            if (prescreenStored(run, List.of(item)).isEmpty()) {
                campaigns.done(item);
                return null;
            }
        }
        Path bundle = prepare.prepare(
                item.structure(), item.spaceGroup(), item.candidateId(), run.spec(), outbox.resolve(item.campaignId()));
        store.transition(
                item.candidateId(),
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateChange.none().withBundlePath(bundle.toString()).countIn("prepare", "passed"));
        WorkItem next = item.withBundle(bundle);
        if (item.cluster() == null) {
            // Prepare-only campaign: PREPARED is where this candidate stops.
            campaigns.done(next);
        }
        return next;
    }

    /**
     * FINISHED → HARVESTED with energies from the fetched outputs (the item's bundle field points
     * at them). A non-converged run is still harvested; the report flags it.
     */
    public void harvest(WorkItem item) {
        if (harvest == null) {
            throw new StageUnavailableException(
                    "harvest",
                    "no harvest stage (vasprun reader + hull) is bound; outputs of " + item.candidateId() + " stay in "
                            + item.bundle());
        }
        if (store.get(item.candidateId()).state() != CandidateState.FINISHED) {
            campaigns.done(item); // harvested already (handed over twice): nothing to do but end it once
            return;
        }
        Stages.Harvest.Outcome o = harvest.harvest(item.candidateId(), item.bundle());
        store.transition(
                item.candidateId(),
                CandidateState.FINISHED,
                CandidateState.HARVESTED,
                CandidateChange.none()
                        .withEnergies(
                                o.finalEnergyEv(), o.energyPerAtomEv(), o.formationEnergyPerAtomEv(), o.eAboveHullEv())
                        .withEntry(o.entryJson())
                        .withHarvestedAt(System.currentTimeMillis())
                        .withMessage(o.converged() ? "harvested" : "harvested (not converged)")
                        .countIn("harvest", o.converged() ? "converged" : "not_converged"));
        try {
            harvested.accept(item.campaignId()); // the final hull, recomputed with the new candidate
        } catch (RuntimeException e) {
            LOG_HARVEST.warn(
                    "campaign {}: final hull not updated after harvesting {}: {}",
                    item.campaignId(),
                    item.candidateId(),
                    e.getMessage());
        }
        campaigns.done(item);
    }
}
