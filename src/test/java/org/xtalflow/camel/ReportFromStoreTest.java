package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.report.CampaignReport;
import org.xtalflow.thermo.ThermoSettings;

/**
 * A finished campaign's report is rebuilt from the store alone, after the application that ran
 * it has stopped: by a new application (its report file was lost) and by a new store instance
 * with no application at all. Both equal the original, failures included.
 */
class ReportFromStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void reportIsRebuiltFromTheStoreAfterARestart() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        String good;
        String failing;
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            // the random baseline's cells are mostly too loose for the density filter; this campaign needs survivors
            good = app.startCampaign(new CampaignSpec(
                    "prepared",
                    List.of(List.of("Sr", "Ti", "O")),
                    List.of(221),
                    12,
                    "random",
                    Map.of("filters", List.of("size", "distance", "charge", "spacegroup", "duplicate", "novelty")),
                    "MPRelaxSet",
                    null,
                    0,
                    "test",
                    7L));
            // a generator model that does not exist: the generate item fails, the campaign finishes with failures
            failing = app.startCampaign(new CampaignSpec(
                    "failing",
                    List.of(List.of("Ba", "Ru", "O")),
                    List.of(),
                    2,
                    root.resolve("no-such-model").toString(),
                    Map.of(),
                    "MPRelaxSet",
                    null,
                    0,
                    "test"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> app.campaigns().require(good).isReported()
                            && app.campaigns().require(failing).isReported());
        }
        Path goodDir = settings.workDir().resolve("campaigns").resolve(good);
        Path failingDir = settings.workDir().resolve("campaigns").resolve(failing);
        String goodMd = Files.readString(goodDir.resolve("report.md"));
        JsonNode goodJson = withoutWriteTime(goodDir.resolve("report.json"));
        String failingMd = Files.readString(failingDir.resolve("report.md"));
        assertThat(goodMd).contains("- status: FINISHED\n").contains("## Prepared job bundles");
        assertThat(failingMd)
                .contains("- status: FINISHED_WITH_FAILURES")
                .contains("seda:generate")
                .contains("no-such-model");

        // No application, a new store instance: the same reports.
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            CampaignReport report = new CampaignReport(
                    store, ThermoSettings.load(settings.configFile()).analysis());
            Path again = report.write(good, root.resolve("again-good"));
            assertThat(Files.readString(again.resolve("report.md"))).isEqualTo(goodMd);
            assertThat(withoutWriteTime(again.resolve("report.json"))).isEqualTo(goodJson);
            assertThat(Files.readString(
                            report.write(failing, root.resolve("again-failing")).resolve("report.md")))
                    .isEqualTo(failingMd);
        }

        // A new application finds the finished campaigns; one whose report was lost gets it back, the same.
        Files.delete(goodDir.resolve("report.md"));
        Files.delete(goodDir.resolve("report.json"));
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            assertThat(app.campaigns().get(good)).isEmpty(); // finished: not resumed
            assertThat(goodDir.resolve("report.md")).exists();
        }
        assertThat(Files.readString(goodDir.resolve("report.md"))).isEqualTo(goodMd);
        assertThat(withoutWriteTime(goodDir.resolve("report.json"))).isEqualTo(goodJson);
    }

    private static JsonNode withoutWriteTime(Path reportJson) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(reportJson.toFile());
        assertThat(o.path("report_written").asText()).isNotBlank();
        o.remove("report_written");
        return o;
    }
}
