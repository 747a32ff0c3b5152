package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignService;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.report.CampaignReport;
import org.xtalflow.report.StatusPage;
import org.xtalflow.thermo.HullStatistics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xtalflow campaign start|status|pause|resume|cancel|report}. */
@Command(
        name = "campaign",
        mixinStandardHelpOptions = true,
        footer = {
            "%nExamples:",
            "  bin/xtalflow campaign start --elements Ba,Ru,O --samples 300 --wait",
            "  bin/xtalflow campaign status"
        },
        description = "Start, inspect, pause, resume and cancel campaigns; print a campaign's report.",
        subcommands = {
            CampaignCommand.Start.class,
            CampaignCommand.Status.class,
            CampaignCommand.Pause.class,
            CampaignCommand.Resume.class,
            CampaignCancelCommand.class,
            CampaignCommand.Report.class
        })
public final class CampaignCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static class ConfigOption {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "xtalflow configuration (default: ${DEFAULT-VALUE})")
        Path config = Path.of("conf", "xtalflow.yaml");
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  bin/xtalflow campaign start --elements Ba,Ru,O --samples 300 --wait"},
            description = {
                "Start a campaign. Without --wait the spec is dropped into the inbox of the running application "
                        + "('xtalflow run'); with --wait it runs here to its report and exits."
            })
    static final class Start extends ConfigOption implements Callable<Integer> {
        @CommandLine.Mixin
        CampaignSpecOptions campaign = new CampaignSpecOptions();

        @Option(names = "--wait", description = "Run the campaign in this process to its report, then exit.")
        boolean waitForIt;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds = 24 * 3600;

        @Override
        public Integer call() throws Exception {
            AppSettings settings = AppSettings.load(config);
            CampaignSpec s = campaign.toSpecOrUsageError(settings);
            if (waitForIt) {
                settings.override("xtalflow.nightly.enabled", "false");
                return RunCommand.runOnce(settings, s, Duration.ofSeconds(timeoutSeconds));
            }
            // Hand over to the running application through its inbox (write then rename: the
            // route never sees a half-written file).
            Path inbox = settings.inbox();
            Files.createDirectories(inbox);
            String name = "cli-" + System.currentTimeMillis() + ".json";
            Path tmp = inbox.resolve(name + ".tmp");
            Map<String, Object> json = new TreeMap<>();
            json.put("name", s.name());
            json.put("systems", s.systemLabels());
            json.put("samples", s.samples());
            json.put("generator", s.generator());
            json.put("input_set", s.inputSet());
            json.put("priority", s.priority());
            if (!s.spaceGroups().isEmpty()) {
                json.put("space_groups", s.spaceGroups());
            }
            if (!s.screening().isEmpty()) {
                json.put("screening", s.screening());
            }
            if (s.cluster() != null) {
                json.put("cluster", s.cluster());
            }
            if (s.seed() != null) {
                json.put("seed", s.seed());
            }
            Files.writeString(tmp, new ObjectMapper().writeValueAsString(json), StandardCharsets.UTF_8);
            Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            if (Jmx.applicationRunning()) {
                System.out.println("queued " + inbox.resolve(name)
                        + " for the running application; 'xtalflow campaign status' shows it once picked up"
                        + " (errors: " + inbox.resolve("error") + ")");
            } else {
                System.out.println("queued " + inbox.resolve(name));
                System.err.println(
                        "warning: no xtalflow application is running on this machine, so nothing will pick this "
                                + "campaign up until one starts ('bin/xtalflow run --config " + config
                                + "'); to run it here and now, use "
                                + "'campaign start ... --wait'");
            }
            return Main.EXIT_OK;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            footer = {
                "%nExample (one campaign, as JSON for scripts):",
                "  bin/xtalflow campaign status c20261202-021103-16b002 --json"
            },
            description =
                    "Campaigns of the running application (live, over local JMX) or, when none runs, from var/campaigns.")
    static final class Status extends ConfigOption implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "ID", description = "One campaign, with its funnel (default: all).")
        String id;

        @Option(
                names = "--json",
                description = "One JSON array: each campaign with its states and funnel (report.json's form).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            AppSettings settings = AppSettings.load(config);
            try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
                CampaignStatusTable table = new CampaignStatusTable(store, statusPage(store, settings));
                List<Campaign> shown = table.select(id);
                if (id != null && shown.isEmpty()) {
                    System.err.println("error: no campaign '" + id + "' in the store "
                            + store.config().jdbcUrl());
                    return Main.EXIT_INPUT_FAILED;
                }
                if (json) {
                    table.printJson(shown, System.out);
                    return Main.EXIT_OK;
                }
                table.printTable(shown, System.out);
                if (shown.isEmpty()) {
                    System.err.println(
                            "no campaign in the store " + store.config().jdbcUrl() + " yet");
                }
                if (id != null) {
                    table.printFunnel(shown.get(0), System.out);
                    printGeneration(store, id, System.out);
                    // the campaign statistics, from the store: the same figures as report.md and report.json
                    System.out.println("statistics:");
                    for (String line : org.xtalflow.campaign.CampaignFigures.fromStore(
                                    store,
                                    id,
                                    org.xtalflow.campaign.CampaignSummary.specFromStore(store, id)
                                            .systems())
                            .summaryLines()) {
                        System.out.println("    " + line);
                    }
                }
            }
            return Main.EXIT_OK;
        }
    }

    /**
     * The generation's progress from the store's batches, one line per system: "Ba-Ru-O: 40000 of
     * 10000000 samples stored (40 batches)" (a running campaign's rate is the JMX attribute
     * Generation).
     */
    static void printGeneration(CandidateStore store, String id, java.io.PrintStream out) {
        if (store.campaign(id).map(Campaign::specJson).isEmpty()) {
            return; // registered from bundles: nothing was generated
        }
        org.xtalflow.campaign.CampaignSpec spec = org.xtalflow.campaign.CampaignSummary.specFromStore(store, id);
        Map<String, long[]> done = store.generationProgress(id);
        out.println("generation:");
        for (String system : spec.systemLabels()) {
            long[] d = done.getOrDefault(system, new long[2]);
            out.printf(
                    java.util.Locale.ROOT,
                    "    %s: %d of %d samples stored (%d batches)%n",
                    system,
                    d[0],
                    spec.samples(),
                    d[1]);
        }
    }

    /** The status page's view of the store (the funnel the report shows). */
    static StatusPage statusPage(CandidateStore store, AppSettings settings) {
        return new StatusPage(
                store,
                new StatusPage.Settings(
                        settings.config().screening().filters,
                        settings.workDir().resolve("campaigns"),
                        HullStatistics.ON_HULL_TOL,
                        5,
                        20),
                null);
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  bin/xtalflow campaign pause c20261202-021103-16b002"},
            description = "Pause a campaign of the running application (no new work is taken).")
    static final class Pause extends ConfigOption implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            Integer refused = refuseUnlessOpen(config, id, "pause");
            return refused != null ? refused : Jmx.invoke(id, "pause");
        }
    }

    /**
     * An operation on a campaign the store does not have, or one that has finished, is refused
     * with a message (exit 1) instead of doing nothing; null when the campaign is open.
     */
    static Integer refuseUnlessOpen(Path config, String id, String operation) {
        AppSettings settings = AppSettings.load(config);
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            Optional<Campaign> c = store.campaign(id);
            if (c.isEmpty()) {
                System.err.println("error: no campaign '" + id + "' in the store "
                        + store.config().jdbcUrl() + " ('xtalflow campaign status' lists them)");
                return Main.EXIT_INPUT_FAILED;
            }
            if (c.get().status() == org.xtalflow.campaign.CampaignStatus.CANCELLED) {
                System.err.println("error: campaign " + id + " was cancelled; a cancelled campaign cannot be "
                        + operation + "d (start a new one with 'xtalflow campaign start')");
                return Main.EXIT_INPUT_FAILED;
            }
            if (c.get().status().isFinished()) {
                System.err.println("error: campaign " + id + " has finished ("
                        + c.get().status() + "); there is nothing to " + operation);
                return Main.EXIT_INPUT_FAILED;
            }
            return null;
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  bin/xtalflow campaign resume c20261202-021103-16b002"},
            description = "Resume a paused campaign of the running application.")
    static final class Resume extends ConfigOption implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            Integer refused = refuseUnlessOpen(config, id, "resume");
            return refused != null ? refused : Jmx.invoke(id, "resume");
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            footer = {"%nExample:", "  bin/xtalflow campaign report c20261202-021103-16b002 --json"},
            description = "Print a campaign's report (Markdown; --json for the JSON).")
    static final class Report extends ConfigOption implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "Print report.json instead of report.md.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            AppSettings settings = AppSettings.load(config);
            Path dir = settings.workDir().resolve("campaigns").resolve(id);
            Path f = dir.resolve(json ? "report.json" : "report.md");
            if (!Files.isRegularFile(f) && !rebuild(settings, dir)) {
                System.err.println("error: no report at " + f + " (unknown campaign, or not finished yet)");
                return Main.EXIT_INPUT_FAILED;
            }
            System.out.print(Files.readString(f));
            return Main.EXIT_OK;
        }

        /**
         * Writes the report of a finished campaign from the store alone (no running application
         * needed: e.g. its folder was removed, or the application stopped before writing it).
         * False when the store has no such finished campaign.
         */
        private boolean rebuild(AppSettings settings, Path dir) {
            try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
                Optional<Campaign> c = store.campaign(id);
                if (c.isEmpty() || !c.get().status().isFinished()) {
                    return false;
                }
                org.xtalflow.campaign.HullContext thermo = org.xtalflow.campaign.HullContext.of(
                        settings.config().thermo(),
                        org.xtalflow.thermo.mp.MpSettings.load(settings.configFile(), System.getenv()),
                        System.getenv(),
                        store);
                new CampaignReport(store, thermo, settings.config().screening().filters).write(id, dir);
                return true;
            }
        }
    }

    /** Local JMX attach to the running 'xtalflow run' JVM (same user, same machine). */
    static final class Jmx {
        private Jmx() {}

        /** Whether an 'xtalflow run' JVM of this user runs on this machine (no attach). */
        static boolean applicationRunning() {
            long self = ProcessHandle.current().pid();
            return VirtualMachine.list().stream()
                    .anyMatch(d -> d.displayName().startsWith("org.xtalflow.cli.Main run")
                            && !d.id().equals(String.valueOf(self)));
        }

        /** A connection to the running application, or null when none runs. */
        static JMXConnector connect() throws IOException {
            List<VirtualMachineDescriptor> candidates = new ArrayList<>();
            long self = ProcessHandle.current().pid();
            for (VirtualMachineDescriptor d : VirtualMachine.list()) {
                if (d.displayName().startsWith("org.xtalflow.cli.Main run") && !d.id().equals(String.valueOf(self))) {
                    candidates.add(d);
                }
            }
            if (candidates.isEmpty()) {
                return null;
            }
            try {
                VirtualMachine vm = VirtualMachine.attach(candidates.get(0));
                try {
                    String address = vm.startLocalManagementAgent();
                    return JMXConnectorFactory.connect(new JMXServiceURL(address));
                } finally {
                    vm.detach();
                }
            } catch (com.sun.tools.attach.AttachNotSupportedException e) {
                throw new IOException(
                        "cannot attach to the running application (pid "
                                + candidates.get(0).id() + "): " + e.getMessage(),
                        e);
            }
        }

        /**
         * A connection to the running application that has campaign {@code id} (several
         * applications of this user may run on one machine), or null when none has it.
         */
        static JMXConnector connectTo(String id) throws IOException {
            long self = ProcessHandle.current().pid();
            ObjectName on = CampaignService.objectName(id);
            for (VirtualMachineDescriptor d : VirtualMachine.list()) {
                if (!d.displayName().startsWith("org.xtalflow.cli.Main run") || d.id().equals(String.valueOf(self))) {
                    continue;
                }
                JMXConnector c;
                try {
                    VirtualMachine vm = VirtualMachine.attach(d);
                    try {
                        c = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
                    } finally {
                        vm.detach();
                    }
                } catch (com.sun.tools.attach.AttachNotSupportedException | IOException e) {
                    continue; // ended meanwhile, or not ours to attach to: try the next
                }
                if (c.getMBeanServerConnection().isRegistered(on)) {
                    return c;
                }
                c.close();
            }
            return null;
        }

        static int invoke(String id, String operation) throws Exception {
            try (JMXConnector c = connectTo(id)) {
                if (c == null) {
                    System.err.println(
                            applicationRunning()
                                    ? "error: the running application has no campaign '" + id + "'"
                                    : "error: no running xtalflow application found (start one with 'xtalflow run')");
                    return Main.EXIT_INPUT_FAILED;
                }
                MBeanServerConnection mbs = c.getMBeanServerConnection();
                ObjectName on = CampaignService.objectName(id);
                if (!mbs.isRegistered(on)) {
                    System.err.println("error: the running application has no campaign '" + id + "'");
                    return Main.EXIT_INPUT_FAILED;
                }
                mbs.invoke(on, operation, new Object[0], new String[0]);
                System.out.println(id + ": " + mbs.getAttribute(on, "Status"));
                return Main.EXIT_OK;
            }
        }

        static Map<String, Object> map(Object tabular) {
            Map<String, Object> m = new TreeMap<>();
            if (tabular instanceof TabularData td) {
                for (Object row : td.values()) {
                    javax.management.openmbean.CompositeData cd = (javax.management.openmbean.CompositeData) row;
                    m.put(String.valueOf(cd.get("key")), cd.get("value"));
                }
            }
            return m;
        }
    }
}
