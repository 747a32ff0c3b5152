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
    private GenerationPlan plan = GenerationPlan.defaults();
    private final Stages.Prepare prepare;
    private final Stages.Harvest harvest;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pipeline.class);
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
     * Generates one system batch by batch ({@link GenerationPlan}): each batch's cells are stored
     * as GENERATED with the batch's row in one transaction, screened (SCREENED or REJECTED with the
     * filter's reason, funnel counts in the store), pre-screened, and the survivors handed to the
     * prepare queue before the next batch is drawn, so at most one batch is in memory. Batches the
     * store has already are skipped (a restart continues where the kill stopped). A pause parks
     * the system's item at the next batch (resume continues it); a cancel drops it there and ends
     * what the batch in flight left open.
     */
    public void generate(WorkItem item) {
        CampaignRun run = campaigns.require(item.campaignId());
        if (run.parkIfPaused(Stage.GENERATE, item)) {
            return;
        }
        if (generate == null || screen == null) {
            throw new StageUnavailableException(
                    generate == null ? "generate" : "screen", "not bound in this application");
        }
        String system = String.join("-", item.system());
        int samples = run.spec().samples();
        int batches = plan.batchCount(samples);
        java.util.Set<Integer> stored = store.storedBatches(item.campaignId(), system);
        long systemSeed = seed(item);
        for (int k = 0; k < batches; k++) {
            if (stored.contains(k)) {
                continue;
            }
            campaigns.followStoredCancel(run);
            if (run.parkIfPaused(Stage.GENERATE, item)) {
                LOG.info(
                        "campaign {}: {} stopped before batch {} of {} ({})",
                        item.campaignId(),
                        system,
                        k,
                        batches,
                        run.status());
                if (run.status() == CampaignStatus.CANCELLED) {
                    campaigns.completeCancel(item.campaignId()); // the batch in flight when it came
                }
                return;
            }
            GenerationBatch batch = plan.batch(system, samples, k, systemSeed);
            List<WorkItem> next;
            try {
                next = generateBatch(item, run, batch, k == batches - 1);
            } catch (StaleStateException e) {
                if (run.status() != CampaignStatus.CANCELLED) {
                    throw e;
                }
                campaigns.completeCancel(item.campaignId()); // the cancel ended the batch's candidates first
                return;
            }
            run.generated(system, batch, samples);
            campaigns.handOver(item, Stage.PREPARE, next);
        }
        campaigns.expand(item, 0); // the system's own unit of work ends; its candidates carry theirs
    }

    /** Draws, stores, screens and pre-screens one batch; returns its survivors. */
    private List<WorkItem> generateBatch(WorkItem item, CampaignRun run, GenerationBatch batch, boolean last) {
        List<Stages.Generated> raw = generate.generate(run.spec(), item.system(), batch);
        List<CandidateChange> rows = new ArrayList<>(raw.size());
        for (Stages.Generated g : raw) {
            rows.add(structureChange(g.structure(), g.spaceGroup().number())
                    .withSample(batch.system(), g.sampleIndex(), g.set())
                    .withCluster(item.cluster())
                    .countIn("generate", "samples"));
        }
        // The system's marker goes with its last batch (one transaction): a resumed campaign never
        // generates a finished system again, and the funnel says so.
        String marker = CampaignService.systemMarker(item.system());
        if (last && rows.isEmpty()) {
            store.addFunnelCount(item.campaignId(), "generate", marker, 1);
        } else if (last) {
            rows.get(0).countIn("generate", marker);
        }
        List<String> ids = store.addBatch(item.campaignId(), batch, rows);
        return prescreenStored(run, screenStored(item, run, raw, ids));
    }

    /**
     * Screens stored GENERATED candidates: SCREENED or REJECTED, each with its funnel count in the
     * same transaction (a kill mid-way loses neither); returns the survivors' items.
     */
    private List<WorkItem> screenStored(WorkItem item, CampaignRun run, List<Stages.Generated> raw, List<String> ids) {
        List<Stages.Screen.Result> results = screen.screen(item.campaignId(), run.spec(), raw, ids);
        List<WorkItem> next = new ArrayList<>();
        List<CandidateStore.Move> moves = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Stages.Screen.Result r = results.get(i);
            if (r.passed()) {
                moves.add(new CandidateStore.Move(
                        r.id(),
                        CandidateState.GENERATED,
                        CandidateState.SCREENED,
                        structureChange(r.structure(), raw.get(i).spaceGroup().number())
                                .countIn("screen", "passed")));
                next.add(item.withCandidate(r.id(), r.structure(), raw.get(i).spaceGroup()));
            } else {
                moves.add(new CandidateStore.Move(
                        r.id(),
                        CandidateState.GENERATED,
                        CandidateState.REJECTED,
                        CandidateChange.reason(r.reason() + ": " + r.detail()).countIn("screen", r.reason())));
            }
        }
        store.transitionAll(moves); // one commit for the batch's verdicts
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

    /** Sets the batch size of the generation (conf {@code application.generation}); default {@link GenerationPlan#defaults()}. */
    public Pipeline withGenerationPlan(GenerationPlan p) {
        this.plan = p;
        return this;
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
        List<CandidateStore.Move> moves = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Stages.PreScreen.Result r = results.get(i);
            CandidateChange predictions = CandidateChange.none()
                    .withPredictions(finite(r.formationEnergy()), finite(r.eAboveHull()), r.predictionsJson());
            if (r.passed()) {
                moves.add(new CandidateStore.Move(
                        r.id(),
                        CandidateState.SCREENED,
                        CandidateState.SCREENED,
                        predictions.withMessage("pre-screen passed").countIn("prescreen", "passed")));
                next.add(screened.get(i));
            } else {
                moves.add(new CandidateStore.Move(
                        r.id(),
                        CandidateState.SCREENED,
                        CandidateState.REJECTED,
                        predictions
                                .withReason(r.reason() + ": " + r.detail())
                                .countIn("prescreen", outcome(r.reason()))));
            }
        }
        store.transitionAll(moves); // one commit for the batch's predictions and verdicts
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
        Stages.Harvest.Outcome o;
        try {
            o = harvest.harvest(item.candidateId(), item.bundle());
        } catch (ReferencesPendingException e) {
            // its hull's references are still being computed: it waits in FINISHED and is handed
            // to the harvest again when they arrive (ReferenceWork), so the campaign does not end
            LOG.info("{}", e.getMessage());
            try {
                store.update(
                        item.candidateId(),
                        CandidateState.FINISHED,
                        CandidateChange.none().withMessage(e.getMessage()));
            } catch (StaleStateException moved) {
                LOG.debug("{} moved while its harvest waited: {}", item.candidateId(), moved.getMessage());
            }
            return;
        }
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
            LOG.warn(
                    "campaign {}: final hull not updated after harvesting {}: {}",
                    item.campaignId(),
                    item.candidateId(),
                    e.getMessage());
        }
        campaigns.done(item);
    }
}
