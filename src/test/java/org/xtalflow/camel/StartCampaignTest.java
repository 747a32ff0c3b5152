package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignSpec;

/**
 * {@code startCampaign} (the CLI's way in, {@code run --once} and {@code campaign start --wait})
 * hands the campaign to the generate queue and returns its id: it does not wait for the stages.
 * It used to send an InOut exchange, so the seda producer waited for the whole campaign and
 * {@code run --once} drew its progress bars only after the report was written (that is: never).
 */
class StartCampaignTest {

    @TempDir
    Path root;

    @Test
    void startCampaignReturnsBeforeTheCampaignIsOver() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            // the shipped model, 30 samples: loading and sampling it and screening 90 cells take seconds
            String id = app.startCampaign(new CampaignSpec(
                    "returns-at-once",
                    List.of(List.of("Ba", "Ru", "O")),
                    List.of(),
                    30,
                    "pgcgm",
                    Map.of(),
                    "MPRelaxSet",
                    null,
                    0,
                    "test"));
            CampaignRun run = app.campaigns().require(id);
            assertThat(run.isReported())
                    .as("campaign %s reported when startCampaign returned", id)
                    .isFalse();
            assertThat(app.campaigns().store().campaign(id)).isPresent();
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(200))
                    .until(run::isReported);
            assertThat(app.campaigns().store().candidates(id)).hasSize(90);
        }
    }
}
