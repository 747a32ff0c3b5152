package org.xtalflow.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignEngine;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.report.CampaignReport;
import org.xtalflow.report.PipelineFunnel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xtalflow run}: the application (routes/*.yaml, inbox, nightly campaigns, JMX) until
 * stopped; or with {@code --once --elements ...} one campaign on the local path that exits when
 * its report is written.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow run --once --elements Ba,Ru,O --samples 300"},
        description = {
            "Run the xtalflow application: routes from routes/*.yaml (reloaded on change), the watched inbox, "
                    + "nightly Quartz campaigns, JMX. Stops on Ctrl-C.",
            "With --once: run one campaign (e.g. --elements Ba,Ru,O) to its report, then exit."
        })
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "xtalflow configuration (default: ${DEFAULT-VALUE})")
    Path config = Path.of("conf", "xtalflow.yaml");

    @Option(
            names = "--once",
            description = "Run one campaign from --elements/--spec to its report and exit (nightly off).")
    boolean once;

    /** With --once: the campaign to run. */
    @Mixin
    CampaignSpecOptions campaign = new CampaignSpecOptions();

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "With --once: give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 24 * 3600;

    @Override
    public Integer call() throws Exception {
        AppSettings settings = AppSettings.load(config); // a bad configuration: exit 3 (ErrorPolicy)
        if (!once) {
            if (campaign.anyGiven()) {
                throw new UsageException(
                        "--elements/--spec/--samples/--generator/--cluster/--seed need --once (or use 'xtalflow campaign start')");
            }
            CampaignEngine.create(settings).runUntilStopped();
            return Main.EXIT_OK;
        }
        CampaignSpec s = campaign.toSpecOrUsageError(settings);
        settings.override("xtalflow.nightly.enabled", "false");
        return runOnce(settings, s, Duration.ofSeconds(timeoutSeconds));
    }

    /**
     * Starts the application, runs one campaign to its report, stops. Exit code 0 or 1; a bad
     * configuration (e.g. a bad thermo.references file) is thrown (exit 3).
     */
    /** The closing line: "campaign ID FINISHED in 9.1 s: 90 structures, 1 left after prepared (report.md has the funnel)". */
    static String summaryLine(CampaignRun run, AppSettings settings, double seconds) {
        PipelineFunnel f = CampaignReport.funnel(
                        run.summary(), settings.config().screening().filters)
                .total();
        PipelineFunnel.Stage last = f.stages().get(f.stages().size() - 1);
        return String.format(
                java.util.Locale.ROOT,
                "campaign %s %s in %.1f s: %,d structures, %,d left after %s",
                run.getCampaignId(),
                run.statusLabel(),
                seconds,
                f.base(),
                last.out(),
                last.name());
    }

    @SuppressWarnings("try") // the progress bar draws from its own thread; the try only closes it
    static int runOnce(AppSettings settings, CampaignSpec s, Duration timeout) throws InterruptedException {
        try (CampaignEngine app = CampaignEngine.create(settings).start()) {
            long t0 = System.nanoTime();
            String id = app.startCampaign(s);
            System.out.println("campaign " + id + " started: " + String.join(", ", s.systemLabels()));
            CampaignRun run = app.campaigns().require(id);
            long deadline = System.nanoTime() + timeout.toNanos();
            // its own store connection: the application's pool is busy while a stage writes
            try (CandidateStore readOnly = CandidateStore.open(settings.storeConfig());
                    CampaignProgress progress = new CampaignProgress(
                                    readOnly, id, 3L * s.samples() * s.systems().size(), s.cluster() != null)
                            .start()) {
                while (!run.isReported()) {
                    if (System.nanoTime() > deadline) {
                        System.err.println("error: campaign " + id + " did not finish within " + timeout.toSeconds()
                                + " s; state " + run.getCandidatesPerState());
                        return Main.EXIT_INPUT_FAILED;
                    }
                    Thread.sleep(200);
                }
            }
            Path dir = app.campaigns().campaignDir(id);
            System.out.println(summaryLine(run, settings, (System.nanoTime() - t0) / 1e9));
            System.out.println("report: " + dir.resolve("report.md"));
            System.out.println("bundles: " + settings.outbox().resolve(id));
            if (s.cluster() == null) {
                System.out.println(
                        "not submitted: submission needs a cluster profile (conf/xtalflow.yaml 'clusters', then --cluster NAME)");
            }
            if (!run.failures().isEmpty()) {
                System.err.println("failures (" + run.failures().size() + "), first: " + run.getLastError());
                return Main.EXIT_INPUT_FAILED;
            }
            return Main.EXIT_OK;
        }
    }
}
