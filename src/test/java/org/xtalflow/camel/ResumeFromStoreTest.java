package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.CandidateStore;

/** A campaign left ACTIVE in the store (application stopped before it ran) is resumed on start. */
class ResumeFromStoreTest {

    @TempDir
    Path root;

    @Test
    void activeCampaignInStoreIsResumedAndFinishedOnce() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        CampaignSpec spec = new CampaignSpec(
                "left-over",
                List.of(List.of("Sr", "Ti", "O")),
                List.of(221),
                10,
                "random",
                Map.of(),
                "MPRelaxSet",
                null,
                0,
                "test");
        Files.createDirectories(settings.workDir());
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            store.createCampaign("c-left-over", spec.name(), null, 0, new ObjectMapper().writeValueAsString(spec));
        }
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            CampaignRun run = app.campaigns().require("c-left-over");
            await().atMost(Duration.ofSeconds(60)).until(run::isReported);
            assertThat(run.statusLabel()).isEqualTo("FINISHED");
            assertThat(run.getFunnel())
                    .containsEntry("generate.samples", 30L)
                    .containsEntry("generate.system:Sr-Ti-O", 1L);
            assertThat(app.campaigns()
                            .store()
                            .campaign("c-left-over")
                            .orElseThrow()
                            .status())
                    .isEqualTo(CampaignStatus.DONE);
            assertThat(app.campaigns().campaignDir("c-left-over").resolve("report.md"))
                    .exists();
        }
        // A second start finds it DONE: nothing is generated again.
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            assertThat(app.campaigns().get("c-left-over")).isEmpty();
            assertThat(app.campaigns().store().candidates("c-left-over")).hasSize(30);
        }
    }
}
