package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.tools.attach.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.cli.Main;

/**
 * The bounded generator in a real `xtalflow run` process (issue 17): a campaign of 10^6 samples
 * cancelled from the command line frees the memory and ends CANCELLED; a batched generation killed
 * with SIGKILL continues after a restart without repeating a stored sample.
 */
class BatchedCampaignProcessTest {

    /** Heap of the child JVM (-Xmx): an unbatched 10^6-sample system held 1.1 GB live (issue 17). */
    private static final String CHILD_HEAP = "-Xmx384m";
    /** The stated bound: heap in use after a full GC, above the idle application's, during and after the cancel. */
    private static final long HEAP_BOUND_BYTES = 96L << 20;

    @TempDir
    Path root;

    @Test
    void cancelDuringAMillionSampleGenerationFreesTheMemoryAndEndsCancelled() throws Exception {
        AppSettings s = AppFixture.settings(root, """
                nightly: {enabled: false}
                status_page: {enabled: false}
                generation: {batch_size: 1000}
                """);
        Process app = start(s);
        try {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.exists(s.workDir().resolve("xtalflow.db")));
            // a small campaign first, so that the idle figure is of a warm application (routes, filters, references)
            Files.writeString(s.inbox().resolve("warm.yaml"), """
                    name: warm
                    systems: [Sr Ti O]
                    space_groups: [221]
                    samples: 10
                    generator: random
                    """);
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> AppProcess.campaigns(s).stream()
                            .anyMatch(c -> c.name().equals("warm") && c.status() == CampaignStatus.DONE));
            long idle = heapAfterGc(app);
            Files.writeString(s.inbox().resolve("million.yaml"), """
                    name: million
                    systems: [Sr Ti O]
                    space_groups: [221]
                    samples: 1000000
                    generator: random
                    """);
            String id = await().atMost(Duration.ofSeconds(120))
                    .until(
                            () -> AppProcess.campaigns(s).stream()
                                    .filter(c -> c.name().equals("million"))
                                    .map(Campaign::id)
                                    .findFirst()
                                    .orElse(null),
                            c -> c != null);
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> batches(s, id) >= 3);
            long during = heapAfterGc(app);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = AppProcess.cli(
                    out, "campaign", "cancel", id, "--config", s.configFile().toString());
            assertThat(rc).as("campaign cancel: %s", out).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(id + ": CANCELLED");
            await().atMost(Duration.ofSeconds(120)).until(() -> log().contains("stopped before batch"));
            long after = heapAfterGc(app);
            System.out.printf(
                    "heap after GC: idle %d MB, during generation %d MB, after cancel %d MB%n",
                    idle >> 20, during >> 20, after >> 20);

            long stored = batches(s, id);
            try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
                assertThat(store.campaign(id).orElseThrow().status()).isEqualTo(CampaignStatus.CANCELLED);
                Map<CandidateState, Long> states = store.countByState(id);
                assertThat(states.getOrDefault(CandidateState.GENERATED, 0L)).isZero();
                assertThat(states.getOrDefault(CandidateState.SCREENED, 0L)).isZero();
                assertThat(stored).isLessThan(1000); // stopped long before the end
                assertThat(store.candidates(id)).hasSize((int) (stored * 3000));
            }
            assertThat(during - idle).as("heap in use during the generation").isLessThan(HEAP_BOUND_BYTES);
            assertThat(after - idle).as("heap in use after the cancel").isLessThan(HEAP_BOUND_BYTES);
            // the generation stopped: no batch after the one in flight at the cancel
            assertThat(batches(s, id)).isEqualTo(stored);
            // the report is written once the cancel is complete, and says so
            Path report = s.workDir().resolve("campaigns").resolve(id).resolve("report.md");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
            assertThat(Files.readString(report)).contains("- status: CANCELLED");

            // a cancelled campaign cannot be resumed, nor cancelled twice (exit 1, per the error policy)
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(AppProcess.cli(
                            err,
                            "campaign",
                            "resume",
                            id,
                            "--config",
                            s.configFile().toString()))
                    .isEqualTo(Main.EXIT_INPUT_FAILED);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("was cancelled")
                    .contains("cannot be resumed");
            assertThat(AppProcess.cli(
                            new ByteArrayOutputStream(),
                            "campaign",
                            "cancel",
                            id,
                            "--config",
                            s.configFile().toString()))
                    .isEqualTo(Main.EXIT_INPUT_FAILED);
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            assertThat(AppProcess.cli(
                            status,
                            "campaign",
                            "status",
                            id,
                            "--config",
                            s.configFile().toString()))
                    .isZero();
            assertThat(status.toString(StandardCharsets.UTF_8))
                    .contains("CANCELLED")
                    .contains("Sr-Ti-O: " + stored * 1000 + " of 1000000 samples stored (" + stored + " batches)");
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * 3,000 samples in batches of 100, the process killed with SIGKILL once 5 batches are stored,
     * started again: the campaign ends with exactly 3,000 x 3 candidates, each (sample index, set)
     * once, and all 30 batches stored once.
     */
    @Test
    void killedBatchedGenerationContinuesWithoutRepeatingASample() throws Exception {
        AppSettings s = AppFixture.settings(root, """
                nightly: {enabled: false}
                status_page: {enabled: false}
                generation: {batch_size: 100}
                """);
        Process first = start(s);
        String id;
        try {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.exists(s.workDir().resolve("xtalflow.db")));
            Files.writeString(s.inbox().resolve("k9.yaml"), """
                    systems: [Sr Ti O]
                    space_groups: [221, 99]
                    samples: 3000
                    generator: random
                    screening: {filters: [size, density, distance]}
                    """);
            id = await().atMost(Duration.ofSeconds(120))
                    .until(
                            () -> AppProcess.campaigns(s).stream()
                                    .map(Campaign::id)
                                    .findFirst()
                                    .orElse(null),
                            c -> c != null);
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> batches(s, id) >= 5);
        } finally {
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        long atKill = batches(s, id);
        assertThat(atKill).as("the kill came mid-generation").isLessThan(30);

        Process second = start(s);
        try {
            await().atMost(Duration.ofSeconds(600))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> AppProcess.campaigns(s).stream()
                            .anyMatch(c -> c.id().equals(id) && c.status() == CampaignStatus.DONE));
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
        try (Connection c =
                        DriverManager.getConnection("jdbc:sqlite:" + s.workDir().resolve("xtalflow.db"));
                Statement st = c.createStatement()) {
            assertThat(scalar(st, "SELECT COUNT(*) FROM candidates WHERE campaign_id = '" + id + "'"))
                    .isEqualTo(9000);
            assertThat(scalar(
                            st,
                            "SELECT COUNT(DISTINCT sample_index || ':' || sample_set) FROM candidates"
                                    + " WHERE campaign_id = '" + id + "'"))
                    .isEqualTo(9000);
            assertThat(scalar(st, "SELECT MIN(sample_index) FROM candidates WHERE campaign_id = '" + id + "'"))
                    .isZero();
            assertThat(scalar(st, "SELECT MAX(sample_index) FROM candidates WHERE campaign_id = '" + id + "'"))
                    .isEqualTo(2999);
            assertThat(scalar(
                            st,
                            "SELECT COUNT(DISTINCT batch_index) FROM generation_batches WHERE campaign_id = '" + id
                                    + "'"))
                    .isEqualTo(30);
            assertThat(scalar(
                            st,
                            "SELECT COUNT(*) FROM candidates WHERE campaign_id = '" + id
                                    + "' AND state IN ('GENERATED', 'SCREENED')"))
                    .isZero();
        }
        assertThat(log()).contains("campaign " + id + " resumed from the store");
    }

    private static long scalar(Statement st, String sql) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Stored generation batches of the campaign. */
    private static long batches(AppSettings s, String id) {
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            return store.generationProgress(id).values().stream()
                    .mapToLong(v -> v[1])
                    .sum();
        }
    }

    /** Heap in use after a full GC of the child JVM, read over its local JMX agent. */
    private static long heapAfterGc(Process p) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(p.pid()));
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
            MemoryMXBean mem = ManagementFactory.newPlatformMXBeanProxy(
                    c.getMBeanServerConnection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            mem.gc();
            mem.gc();
            return mem.getHeapMemoryUsage().getUsed();
        } finally {
            vm.detach();
        }
    }

    private final List<Path> logs = new ArrayList<>();

    private Process start(AppSettings s) throws java.io.IOException {
        Path log = root.resolve("app-" + System.nanoTime() + ".log");
        logs.add(log);
        return AppProcess.start(s, log, CHILD_HEAP);
    }

    private String log() throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (Path p : logs) {
            b.append(Files.readString(p));
        }
        return b.toString();
    }
}
