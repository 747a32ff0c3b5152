package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.TriggerKey;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;

class NightlyRouteTest {

    @TempDir
    Path root;

    @Test
    void secondsLevelCronFiresCampaignsEachWithItsOwnId() throws Exception {
        AppSettings settings = AppFixture.settings(root, """
                nightly:
                  cron: "0/1 * * * * ?"
                  time_zone: Asia/Tokyo
                  misfire: do_nothing
                  samples: 3
                """);
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> app.campaigns().list().size() >= 2);
            List<CampaignRun> runs = app.campaigns().list();
            assertThat(runs.stream().map(CampaignRun::getCampaignId).distinct()).hasSize(runs.size());
            assertThat(runs).allSatisfy(r -> {
                assertThat(r.getName()).startsWith("nightly-");
                assertThat(r.spec().source()).isEqualTo("nightly");
                assertThat(r.spec().samples()).isEqualTo(3);
                assertThat(r.spec().systemLabels()).containsExactly("Ba-Ru-O");
            });
            // The trigger carries the configured zone and the explicit misfire policy.
            QuartzEndpoint ep =
                    (QuartzEndpoint) app.context().getRoute("nightly").getEndpoint();
            CronTrigger t =
                    (CronTrigger) ep.getComponent().getScheduler().getTrigger(new TriggerKey("nightly", "xtalflow"));
            assertThat(t.getTimeZone().getID()).isEqualTo("Asia/Tokyo");
            assertThat(t.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
            assertThat(t.getCronExpression()).isEqualTo("0/1 * * * * ?");
        }
    }

    @Test
    void badScheduleSettingsAreConfigErrors() {
        assertThatThrownBy(() -> AppFixture.settings(root, "nightly: {time_zone: Mars/Olympus}"))
                .isInstanceOf(AppSettings.ConfigException.class)
                .hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> AppFixture.settings(root.resolve("b"), "nightly: {misfire: sometimes}"))
                .isInstanceOf(AppSettings.ConfigException.class)
                .hasMessageContaining("fire_once_now");
    }
}
