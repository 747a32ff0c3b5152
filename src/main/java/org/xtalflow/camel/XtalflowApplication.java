package org.xtalflow.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.report.CampaignReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/**
 * The camel-main application behind {@code xtalflow run}: reads conf/application.properties and
 * the application section of conf/xtalflow.yaml, binds the stage beans, loads routes/*.yaml
 * (reloaded when they change) and keeps running. JMX is on (Camel route MBeans and the
 * xtalflow Campaign/Cluster MBeans on the platform MBean server).
 */
public final class XtalflowApplication implements AutoCloseable {

    private final AppSettings settings;
    private final Main main = new Main();
    private final CampaignService campaigns;
    private final CandidateStore store;
    private PipelineBean pipeline;
    private final ClusterService clusters;
    private final GeneratorStage generator;
    private final ScreeningStage screening;

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
        // one thermo stage (correction, reference set with any competing compounds) for harvest and report
        org.xtalflow.thermo.HullAnalysis thermo;
        try {
            thermo = config.thermo().analysis();
        } catch (org.xtalflow.crystal.io.BadInputException e) {
            throw new AppSettings.ConfigException("thermo section of " + settings.configFile() + ": " + e.getMessage());
        }
        this.store = CandidateStore.open(settings.storeConfig());
        this.campaigns = new CampaignService(settings.workDir().resolve("campaigns"), store, new CampaignReport(store, thermo));
        main.bind("campaignSpecParser", parser);
        main.bind("inbox", new InboxBean(parser, inbox.resolve("error")));
        main.bind("inboxSeen", FileIdempotentRepository.fileIdempotentRepository(
                settings.workDir().resolve("inbox-seen.dat").toFile(), 100_000));
        main.bind("campaigns", campaigns);
        main.bind("nightly", new NightlyBean(parser, settings.nightlyElementsFile(),
                Integer.parseInt(settings.get("xtalflow.nightly.samples")), ZoneId.of(settings.get("xtalflow.nightly.timeZone"))));
        this.generator = new GeneratorStage();
        this.screening = new ScreeningStage(config::screening);
        this.pipeline = new PipelineBean(campaigns, store, settings.outbox(), generator, screening,
                new VaspPrepareStage(config.vasp(), settings.templatesDir()), new HarvestStage(thermo));
        main.bind("pipeline", pipeline);
        this.clusters = new ClusterService(profiles, store, campaigns, settings.workDir().resolve("results"),
                pipeline::fromStore, campaigns::producer);
        main.bind("clusters", clusters);
        main.bind("store", store);
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
    public XtalflowApplication start() {
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("application failed to start: " + e.getMessage(), e);
        }
        campaigns.attach(main.getCamelContext());
        campaigns.resumeFromStore(pipeline::fromStore, pipeline::rescreen);
        return this;
    }

    /** Runs until the JVM is told to stop (Ctrl-C, SIGTERM). */
    public void runUntilStopped() throws Exception {
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                campaigns.attach(m.getCamelContext());
                campaigns.resumeFromStore(pipeline::fromStore, pipeline::rescreen);
            }
        });
        main.run();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public CampaignService campaigns() {
        return campaigns;
    }

    public AppSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        campaigns.close();
        main.stop();
        clusters.close();
        screening.close();
        generator.close();
        store.close();
    }
}
