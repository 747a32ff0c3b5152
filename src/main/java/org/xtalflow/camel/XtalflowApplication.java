package org.xtalflow.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignEngine;
import org.xtalflow.campaign.CampaignService;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignSpecParser;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterWork;
import org.xtalflow.campaign.GeneratorStage;
import org.xtalflow.campaign.HarvestStage;
import org.xtalflow.campaign.Pipeline;
import org.xtalflow.campaign.ScreeningStage;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.report.CampaignReport;
import org.xtalflow.vasp.inputs.BundlePreparer;

/**
 * The camel-main application behind {@code xtalflow run}: reads conf/application.properties and
 * the application section of conf/xtalflow.yaml, binds the stage beans, loads routes/*.yaml
 * (reloaded when they change) and keeps running. JMX is on (Camel route MBeans and the
 * xtalflow Campaign/Cluster MBeans on the platform MBean server).
 */
public final class XtalflowApplication implements CampaignEngine {

    /** How the CLI finds this engine ({@code META-INF/services}). */
    public static final class Factory implements CampaignEngine.Factory {
        @Override
        public CampaignEngine create(AppSettings settings) {
            return new XtalflowApplication(settings);
        }
    }

    /**
     * A folder the application reads from must exist when it starts: a configuration copied out of
     * the project resolves routes/ and templates/ beside itself, which would fail later (issue 17).
     */
    private static void requireFolder(AppSettings settings, String key, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AppSettings.ConfigException(settings.configFile() + ": application." + key + ": no folder " + dir
                    + " (relative folders are resolved against the project root " + settings.root()
                    + ", the parent of the configuration's folder; keep the file in a project's conf/ or set "
                    + key + " to an absolute path)");
        }
    }

    /** Route ids (routes/campaign.yaml) the application sends to. */
    static final String START_CAMPAIGN = "start-campaign";

    static final String RESUME = "resume";
    static final String HAND_OFF = "hand-off";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(XtalflowApplication.class);
    private final AppSettings settings;
    private final Main main = new Main();
    private final CampaignService campaigns;
    private final CandidateStore store;
    private Pipeline pipeline;
    private final ClusterWork clusters;
    /** The same-engine references, computed in the background (never on a campaign's start path). */
    private final org.xtalflow.campaign.ReferenceWork referenceWork;

    private final Map<String, ClusterMonitor> clusterMonitors;
    private CampaignsBean campaignsBean;
    private ProducerTemplate producer;
    private final GeneratorStage generator;
    private final ScreeningStage screening;
    private final org.xtalflow.campaign.PreScreenStage preScreen;

    public XtalflowApplication(AppSettings settings) {
        this.settings = settings;
        Path props = settings.configFile().toAbsolutePath().getParent().resolve("application.properties");
        if (Files.isRegularFile(props)) {
            main.setPropertyPlaceholderLocations("file:" + props);
        }
        for (Map.Entry<String, String> e : settings.properties().entrySet()) {
            main.addInitialProperty(e.getKey(), e.getValue());
        }
        // Routes come from the project's routes/ folder wherever the JVM was started.
        Path routes = settings.routesDir();
        requireFolder(settings, "routes_dir", routes);
        requireFolder(settings, "templates_dir", settings.templatesDir());
        main.addOverrideProperty("camel.main.routesIncludePattern", "file:" + routes + "/*.yaml");
        main.addOverrideProperty("camel.main.routesReloadDirectory", routes.toString());
        Path inbox = settings.inbox();
        try {
            Files.createDirectories(inbox);
            requeueInProgress(inbox);
            Files.createDirectories(settings.outbox());
            Files.createDirectories(settings.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create application folders under " + settings.root(), e);
        }
        CampaignSpecParser parser = new CampaignSpecParser(settings.defaults());
        // every section comes from the one read of conf/xtalflow.yaml that built the settings
        XtalflowConfig config = settings.config();
        Map<String, ClusterProfile> profiles = config.clusters().all();
        this.store = CandidateStore.open(settings.storeConfig());
        // one thermo stage (correction, reference set with any competing compounds) for harvest and report; with
        // thermo.references: [.., mp] each campaign's Materials Project phases join it when the campaign opens
        org.xtalflow.campaign.HullContext thermo;
        try {
            thermo = org.xtalflow.campaign.HullContext.of(
                    config.thermo(),
                    org.xtalflow.thermo.mp.MpSettings.load(settings.configFile(), System.getenv()),
                    System.getenv(),
                    store);
        } catch (org.xtalflow.crystal.io.BadInputException e) {
            store.close();
            throw new AppSettings.ConfigException("thermo section of " + settings.configFile() + ": " + e.getMessage());
        }
        this.campaigns = new CampaignService(
                settings.workDir().resolve("campaigns"),
                store,
                new CampaignReport(store, thermo, config.screening().filters)
                        .withPreScreenThreshold(config.prescreen().maxEAboveHull));
        // the DFT engines behind the seam: VASP (MP-compatible sets, MP2020 against MP's phases) and
        // GPAW (its own references, computed with the campaign's settings and cached per settings hash)
        java.util.function.Function<org.xtalflow.campaign.CampaignSpec, org.xtalflow.campaign.EngineChoice> engineOf =
                spec -> org.xtalflow.campaign.EngineChoice.of(
                        spec, c -> profiles.containsKey(c) ? profiles.get(c).engine() : null);
        org.xtalflow.dft.VaspEngine vasp = new org.xtalflow.dft.VaspEngine(BundlePreparer.forCampaigns(
                config.vasp(), settings.templatesDir(), config.runPolicy().jobFlow()));
        org.xtalflow.dft.GpawEngine gpawOrNull;
        try {
            gpawOrNull = org.xtalflow.dft.GpawEngine.of(
                    settings.templatesDir(),
                    config.vasp().scheduler(),
                    config.vasp().job(),
                    "/usr/bin/python3");
        } catch (RuntimeException e) {
            LOG.warn("GPAW engine unavailable (campaigns with engine gpaw will fail to prepare): {}", e.getMessage());
            gpawOrNull = null;
        }
        org.xtalflow.dft.GpawEngine gpaw = gpawOrNull;
        org.xtalflow.campaign.EngineReferences engineRefs = new org.xtalflow.campaign.EngineReferences(
                store, org.xtalflow.screen.KnownStructures.builtin()::forEachStructure);
        int referenceMaxSites = Integer.parseInt(settings.get("xtalflow.references.maxSites"));
        // the references are planned when a campaign opens (or is resumed) and computed by one
        // background worker: on the campaign's cluster, or here only for a campaign without one
        org.xtalflow.campaign.ReferenceWork referenceWork = new org.xtalflow.campaign.ReferenceWork(
                engineRefs, settings.workDir().resolve("references"));
        this.referenceWork = referenceWork;
        thermo.withEngineHulls(
                spec -> engineHull(engineOf.apply(spec), spec, gpaw, engineRefs, referenceWork, referenceMaxSites));
        campaigns.onOpen(spec -> {
            thermo.prepare(spec.systems());
            org.xtalflow.campaign.EngineChoice choice = engineOf.apply(spec);
            if (choice.engine() == org.xtalflow.dft.Engine.GPAW && gpaw != null) {
                ClusterProfile p = spec.cluster() == null ? null : profiles.get(spec.cluster());
                if (spec.cluster() != null && p == null) {
                    // e.g. a resumed campaign whose profile left the configuration: never fall back to here
                    LOG.warn(
                            "campaign '{}': no cluster profile '{}', its {} references are not computed",
                            spec.name(),
                            spec.cluster(),
                            choice.engine().configName());
                    return;
                }
                org.xtalflow.campaign.ReferenceRunner runner = referenceRunner(p, settings.workDir());
                for (java.util.List<String> system : spec.systems()) {
                    referenceWork.plan(gpaw, choice.inputSet(), elements(system), referenceMaxSites, runner);
                }
            }
        });
        main.bind("campaignSpecParser", parser);
        main.bind("inbox", new InboxBean(parser, inbox.resolve("error")));
        main.bind("inboxFilter", new InboxFilter(inbox.resolve("error")));
        main.bind(
                "inboxSeen",
                FileIdempotentRepository.fileIdempotentRepository(
                        settings.workDir().resolve("inbox-seen.dat").toFile(), 100_000));
        // bean "campaigns" below, once the pipeline exists
        main.bind(
                "nightly",
                new NightlyBean(
                        parser,
                        settings.nightlyElementsFile(),
                        Integer.parseInt(settings.get("xtalflow.nightly.samples")),
                        ZoneId.of(settings.get("xtalflow.nightly.timeZone"))));
        this.generator = new GeneratorStage();
        this.screening = new ScreeningStage(config::screening);
        this.preScreen = new org.xtalflow.campaign.PreScreenStage(config::prescreen);
        this.pipeline = new Pipeline(
                        campaigns,
                        store,
                        settings.outbox(),
                        generator,
                        screening,
                        (structure, spaceGroup, candidateId, spec, outbox) -> {
                            org.xtalflow.campaign.EngineChoice choice = engineOf.apply(spec);
                            org.xtalflow.dft.DftEngine engine =
                                    choice.engine() == org.xtalflow.dft.Engine.GPAW ? gpaw : vasp;
                            if (engine == null) {
                                throw new org.xtalflow.campaign.StageUnavailableException(
                                        "prepare", "the GPAW engine is unavailable (templates/jobs/gpaw-*.sh?)");
                            }
                            return engine.prepare(candidateId, structure, spaceGroup, choice.inputSet(), outbox);
                        },
                        new HarvestStage(thermo::analysis)
                                .withEngines(
                                        gpaw == null ? java.util.List.of() : java.util.List.of(gpaw),
                                        (entrySettings, entry) -> referenceWork.hullFor(
                                                entrySettings.engine(),
                                                entrySettings.settingsHash(),
                                                java.util.Set.copyOf(
                                                        entry.composition().elements()),
                                                entry.entryId())))
                .withPreScreen(preScreen)
                .withGenerationPlan(settings.generationPlan());
        pipeline.onHarvested(cid -> {
            java.util.List<java.util.List<String>> systems = org.xtalflow.campaign.CampaignSummary.specFromStore(
                            store, cid)
                    .systems();
            org.xtalflow.campaign.CampaignSpec spec = org.xtalflow.campaign.CampaignSummary.specFromStore(store, cid);
            org.xtalflow.campaign.FinalHullUpdater.update(
                    store,
                    cid,
                    systems,
                    thermo.analysis(spec),
                    org.xtalflow.campaign.HullContext.describe(thermo.prepare(spec), thermo.analysis(spec)));
        });
        main.bind("pipeline", pipeline);
        this.campaignsBean = new CampaignsBean(campaigns, pipeline, config.screening().filters);
        main.bind("campaigns", campaignsBean);
        this.clusters = new ClusterWork(
                profiles,
                store,
                campaigns,
                settings.workDir().resolve("results"),
                pipeline::fromStore,
                config.runPolicy());
        // a harvest that waited for its references runs again at the next poll once they are in
        referenceWork.onArrived(clusters::harvestAgain);
        campaigns.onCancel(new org.xtalflow.campaign.CampaignCancel(store, clusters::jobs));
        campaigns.onEnded(screening::forget); // the campaign's duplicate index and filters
        this.clusterMonitors = ClusterMonitor.register(clusters, profiles);
        main.bind("clusters", clusters);
        main.bind("store", store);
    }

    /**
     * A GPAW campaign's hull: its engine's cached references of the campaign's elements, with the
     * known phases left out as too large named; empty for a VASP campaign. References not (yet)
     * computed leave the hull without them, said in the warning.
     */
    private static java.util.Optional<org.xtalflow.campaign.HullContext.EngineHull> engineHull(
            org.xtalflow.campaign.EngineChoice choice,
            org.xtalflow.campaign.CampaignSpec spec,
            org.xtalflow.dft.GpawEngine gpaw,
            org.xtalflow.campaign.EngineReferences refs,
            org.xtalflow.campaign.ReferenceWork work,
            int maxSites) {
        if (choice.engine() != org.xtalflow.dft.Engine.GPAW || gpaw == null) {
            return java.util.Optional.empty();
        }
        java.util.Set<org.xtalflow.crystal.Element> all = new java.util.LinkedHashSet<>();
        spec.systems().forEach(s -> all.addAll(elements(s)));
        String hash = gpaw.settingsHash(choice.inputSet());
        org.xtalflow.dft.ReferencePhases phases = refs.phases(gpaw, choice.inputSet(), all, maxSites);
        String leftOut = phases.leftOut().isEmpty()
                ? "no known phase left out"
                : "known phases left out (more than " + maxSites + " sites): " + String.join(", ", phases.leftOut());
        org.xtalflow.thermo.HullAnalysis analysis;
        String warning = null;
        try {
            analysis = refs.analysisFor("gpaw", hash, all);
        } catch (IllegalStateException e) {
            warning = e.getMessage();
            analysis = new org.xtalflow.thermo.HullAnalysis(
                    org.xtalflow.thermo.HullAnalysis.Correction.NONE,
                    org.xtalflow.thermo.ReferenceSet.of(
                            refs.cachedEntries("gpaw", hash),
                            org.xtalflow.campaign.EngineReferences.description("gpaw", hash)));
        }
        java.util.List<String> pendingRefs = work.pendingWithin("gpaw", hash, all);
        if (!pendingRefs.isEmpty()) {
            warning = (warning == null ? "" : warning + "; ") + "references still being computed: "
                    + String.join(", ", pendingRefs);
        }
        java.util.List<String> failedRefs = work.failuresWithin("gpaw", hash, all);
        if (!failedRefs.isEmpty()) {
            warning = (warning == null ? "" : warning + "; ") + "references that failed: "
                    + String.join("; ", failedRefs);
        }
        if (!phases.missing().isEmpty()) {
            warning = (warning == null ? "" : warning + "; ") + "no ground-state structure here for "
                    + String.join(", ", phases.missing());
        }
        boolean lower = analysis.references().compounds().isEmpty();
        org.xtalflow.campaign.HullReferences.Resolved resolved = new org.xtalflow.campaign.HullReferences.Resolved(
                analysis.references(),
                org.xtalflow.campaign.EngineReferences.description("gpaw", hash) + ", input set " + choice.inputSet()
                        + "; " + leftOut,
                null,
                null,
                lower,
                warning);
        return java.util.Optional.of(new org.xtalflow.campaign.HullContext.EngineHull(resolved, analysis));
    }

    /**
     * Where a GPAW campaign's references run: on its cluster through the session its candidates
     * use, or on this machine when it has no cluster profile (its candidates are only prepared).
     */
    private org.xtalflow.campaign.ReferenceRunner referenceRunner(ClusterProfile p, Path workDir) {
        if (p != null) {
            org.xtalflow.campaign.ClusterJobs jobs = this.clusters.jobs(p.name());
            return new org.xtalflow.campaign.ClusterReferenceRunner(
                    jobs.connection(),
                    jobs.referenceSlots(), // with the candidates' jobs, at most max_queued_jobs
                    workDir.resolve("results"),
                    java.time.Duration.ofSeconds(Math.max(1, p.pollIntervalSeconds())),
                    REFERENCE_BATCH_LIMIT);
        }
        return new org.xtalflow.campaign.LocalReferenceRunner(new org.xtalflow.dft.LocalJobRunner(
                java.util.Map.of("XTALFLOW_GPAW_RANKS", "1"), java.time.Duration.ofHours(2)));
    }

    /** A batch of references on a cluster is given up (its jobs cancelled) after this long. */
    private static final java.time.Duration REFERENCE_BATCH_LIMIT = java.time.Duration.ofDays(2);

    private static java.util.Set<org.xtalflow.crystal.Element> elements(java.util.List<String> system) {
        java.util.Set<org.xtalflow.crystal.Element> out = new java.util.LinkedHashSet<>();
        system.forEach(x -> out.add(org.xtalflow.crystal.Element.of(x)));
        return out;
    }

    /**
     * Files left in inbox/inprogress by a killed application go back to the inbox: their content
     * hash was not recorded (the idempotent repository drops keys of unfinished exchanges), so they
     * are read again.
     */
    private static void requeueInProgress(Path inbox) throws IOException {
        Path inProgress = inbox.resolve("inprogress");
        if (!Files.isDirectory(inProgress)) {
            return;
        }
        try (var files = Files.list(inProgress)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path back = inbox.resolve(f.getFileName());
                if (!Files.exists(back)) {
                    Files.move(f, back);
                }
            }
        }
    }

    /** Starts Camel without blocking (tests, the campaign --wait path). */
    @Override
    public XtalflowApplication start() {
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("application failed to start: " + e.getMessage(), e);
        }
        attach(main.getCamelContext());
        startStatusPage();
        startJolokia();
        return this;
    }

    private JolokiaAgent jolokia;

    /** The MBeans over HTTP (application.jolokia), read-only; a port in use is a warning, not a failure. */
    private void startJolokia() {
        if (!Boolean.parseBoolean(settings.get("xtalflow.jolokia.enabled"))) {
            return;
        }
        int port = Integer.parseInt(settings.get("xtalflow.jolokia.port"));
        try {
            jolokia = JolokiaAgent.start(port);
            LOG.info("Jolokia (JMX over HTTP, read-only): {}", jolokia.url());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Jolokia not started: 127.0.0.1:{}: {} (application.jolokia.port)", port, e.getMessage());
        }
    }

    /** Jolokia's base URL, or null when it is off or could not start. */
    public String jolokiaUrl() {
        return jolokia == null ? null : jolokia.url();
    }

    private org.xtalflow.report.StatusServer statusServer;

    /** The read-only status page (application.status_page); a port in use is a warning, not a failure. */
    private void startStatusPage() {
        if (!Boolean.parseBoolean(settings.get("xtalflow.statusPage.enabled"))) {
            return;
        }
        int port = Integer.parseInt(settings.get("xtalflow.statusPage.port"));
        org.xtalflow.report.StatusPage page = new org.xtalflow.report.StatusPage(
                store,
                new org.xtalflow.report.StatusPage.Settings(
                        settings.config().screening().filters,
                        settings.workDir().resolve("campaigns"),
                        org.xtalflow.thermo.HullStatistics.ON_HULL_TOL,
                        5,
                        20),
                () -> ClusterMonitor.budgets(clusterMonitors));
        try {
            statusServer = org.xtalflow.report.StatusServer.start(page, port);
            LOG.info("status page: {}", statusServer.url());
        } catch (java.io.IOException e) {
            LOG.warn("status page not started: 127.0.0.1:{}: {} (application.status_page.port)", port, e.getMessage());
        }
    }

    /** The status page's address, or null when it is off or could not start. */
    public String statusPageUrl() {
        return statusServer == null ? null : statusServer.url();
    }

    /**
     * Connects the campaign side to the routes: requeued work goes through the hand-off route,
     * and the store's unfinished campaigns are resumed through the resume route (routes/campaign.yaml).
     */
    private synchronized void attach(CamelContext context) {
        producer = context.createProducerTemplate();
        campaigns.attach(h -> producer.sendBody(route(context, HAND_OFF), h), campaignsBean);
        producer.requestBody(route(context, RESUME), (Object) null);
    }

    /** A route's endpoint by route id: Java names routes, the YAML names queues. */
    private static Endpoint route(CamelContext context, String routeId) {
        Route r = context.getRoute(routeId);
        if (r == null) {
            throw new IllegalStateException(
                    "no route '" + routeId + "' in routes/*.yaml (it is part of the application)");
        }
        return r.getEndpoint();
    }

    /**
     * Starts a campaign through the start-campaign route (as the inbox and the nightly trigger do);
     * returns its id.
     */
    @Override
    public String startCampaign(CampaignSpec spec) {
        ProducerTemplate p;
        synchronized (this) {
            p = producer;
        }
        if (p == null) {
            throw new IllegalStateException("the application is not started");
        }
        return p.requestBody(route(main.getCamelContext(), START_CAMPAIGN), spec, String.class);
    }

    /** Runs until the JVM is told to stop (Ctrl-C, SIGTERM). */
    @Override
    public void runUntilStopped() throws Exception {
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                attach(m.getCamelContext());
            }
        });
        main.run();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public CampaignService campaigns() {
        return campaigns;
    }

    public AppSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (statusServer != null) {
            statusServer.close();
        }
        if (jolokia != null) {
            jolokia.close();
        }
        campaigns.close();
        referenceWork.close();
        if (producer != null) {
            try {
                producer.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        main.stop();
        ClusterMonitor.unregister(clusterMonitors);
        clusters.close();
        screening.close();
        preScreen.close();
        generator.close();
        store.close();
    }
}
