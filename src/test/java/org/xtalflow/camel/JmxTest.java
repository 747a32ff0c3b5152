package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignService;
import org.xtalflow.campaign.CampaignSpec;

/** Route and campaign MBeans through the platform MBean server, as jconsole sees them. */
class JmxTest {

    @TempDir
    Path root;

    @Test
    void routeAndCampaignMBeansWithOperations() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            Set<ObjectName> routes = mbs.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
            List<String> routeIds = routes.stream()
                    .map(on -> on.getKeyProperty("name").replace("\"", ""))
                    .toList();
            assertThat(routeIds).contains("inbox", "nightly", "generate", "prepare", "submit", "dead-letter");

            // The configured cluster has its MBean.
            ObjectName cluster = ClusterMonitor.objectName("local-slurm");
            assertThat(mbs.getAttribute(cluster, "JobsQueued")).isEqualTo(0);
            assertThat(mbs.getAttribute(cluster, "LastPollLatencyMs")).isEqualTo(-1L);
            assertThat((Integer) mbs.getAttribute(cluster, "MaxQueuedJobs")).isPositive();
            mbs.invoke(cluster, "pause", new Object[0], new String[0]);
            assertThat(mbs.getAttribute(cluster, "Paused")).isEqualTo(true);
            mbs.invoke(cluster, "resume", new Object[0], new String[0]);
            assertThat(mbs.getAttribute(cluster, "Paused")).isEqualTo(false);

            // A generator model folder that does not exist: the generate step fails, the
            // dead-letter route records it, the campaign finishes with failures and a report.
            Path missing = root.resolve("no-such-model");
            String id = app.startCampaign(new CampaignSpec(
                    "jmx",
                    List.of(List.of("Ba", "Ru", "O")),
                    List.of(),
                    2,
                    missing.toString(),
                    java.util.Map.of(),
                    "MPRelaxSet",
                    null,
                    0,
                    "test"));
            ObjectName on = CampaignService.objectName(id);
            // startCampaign returns at once: the status changes before the report is written
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "FINISHED_WITH_FAILURES".equals(mbs.getAttribute(on, "Status"))
                            && app.campaigns().require(id).isReported());
            assertThat(mbs.getAttribute(on, "FailedWork")).isEqualTo(1);
            assertThat(app.campaigns().store().campaignEvents(id, 10))
                    .anySatisfy(e -> assertThat(e.toString()).contains("no-such-model"));
            assertThat((String) mbs.getAttribute(on, "LastError"))
                    .contains("Ba-Ru-O")
                    .contains("no-such-model");
            assertThat(app.campaigns().campaignDir(id).resolve("report.md")).exists();
            assertThat(Files.readString(app.campaigns().campaignDir(id).resolve("report.md")))
                    .contains("seda:generate");
            // the statistics over JMX are the report's (nothing went to DFT here: every share has denominator 0)
            assertThat((String[]) mbs.getAttribute(on, "Statistics"))
                    .contains("DFT-optimised: 0 / 0 (n/a)", "S.U.N.: 0 / 0 (n/a)");
            assertThat(Files.readString(app.campaigns().campaignDir(id).resolve("report.md")))
                    .contains("| S.U.N. | 0 / 0 (n/a) |", org.xtalflow.report.ReferenceNotes.LOWER_BOUND);

            // retryFailed puts the item back on its queue: it fails again and is counted again.
            assertThat(mbs.invoke(on, "retryFailed", new Object[0], new String[0]))
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "FINISHED_WITH_FAILURES".equals(mbs.getAttribute(on, "Status"))
                            && app.campaigns().require(id).failures().size() == 1);
            assertThat(mbs.getAttribute(on, "FailedWork")).isEqualTo(1);

            // pause/resume are operations on the MBean.
            CampaignRun run = app.campaigns().require(id);
            run.setStatus(org.xtalflow.campaign.CampaignStatus.ACTIVE);
            mbs.invoke(on, "pause", new Object[0], new String[0]);
            assertThat(mbs.getAttribute(on, "Status")).isEqualTo("PAUSED");
            mbs.invoke(on, "resume", new Object[0], new String[0]);
            assertThat(mbs.getAttribute(on, "Status")).isEqualTo("RUNNING");
        }
        assertThat(mbs.queryNames(new ObjectName("org.xtalflow:*"), null)).isEmpty();
    }

    private static long count(Object tabular, String key) {
        for (Object row : ((TabularData) tabular).values()) {
            CompositeData cd = (CompositeData) row;
            if (key.equals(cd.get("key"))) {
                return (Long) cd.get("value");
            }
        }
        return 0;
    }
}
