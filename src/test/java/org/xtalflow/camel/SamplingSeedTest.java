package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.CampaignSpecParser;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateStore;

/**
 * The spec's {@code seed} through the real application (random generator, screening, prepare):
 * two campaigns with the same spec and seed store the same structures, another seed other ones,
 * and the seed a report records for a campaign without one reproduces that campaign.
 */
class SamplingSeedTest {

    @TempDir
    Path root;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameSeedSameCandidatesAndTheReportedSeedReproduces() throws Exception {
        AppSettings settings = AppFixture.settings(root, "nightly: {enabled: false}");
        CampaignSpecParser parser = new CampaignSpecParser(settings.defaults());
        String yaml = "elements: Sr Ti O\ngenerator: random\nsamples: 4\nseed: %s\n";
        CampaignSpec seven = parser.parse("a.yaml", yaml.formatted("7"));
        CampaignSpec eight = parser.parse("c.yaml", yaml.formatted("8"));
        CampaignSpec unseeded = parser.parse("d.yaml", yaml.formatted("~"));
        assertThat(seven.seed()).isEqualTo(7L);
        assertThat(unseeded.seed()).isNull();
        Files.createDirectories(settings.workDir());
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            store.createCampaign("c-seed-a", "a", null, 0, JSON.writeValueAsString(seven));
            store.createCampaign("c-seed-b", "b", null, 0, JSON.writeValueAsString(seven));
            store.createCampaign("c-seed-c", "c", null, 0, JSON.writeValueAsString(eight));
            store.createCampaign("c-seed-d", "d", null, 0, JSON.writeValueAsString(unseeded));
        }
        long derived;
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            List<String> ids = List.of("c-seed-a", "c-seed-b", "c-seed-c", "c-seed-d");
            for (String id : ids) {
                CampaignRun run = app.campaigns().require(id);
                await().atMost(Duration.ofSeconds(120)).until(run::isReported);
            }
            CandidateStore store = app.campaigns().store();
            List<String> a = cifs(store, "c-seed-a");
            assertThat(a).hasSize(12); // 4 samples x 3 coordinate sets
            assertThat(cifs(store, "c-seed-b")).isEqualTo(a);
            assertThat(cifs(store, "c-seed-c")).hasSize(12).isNotEqualTo(a);

            JsonNode ra = JSON.readTree(app.campaigns()
                    .campaignDir("c-seed-a")
                    .resolve("report.json")
                    .toFile());
            assertThat(ra.path("seed").path("value").asLong()).isEqualTo(7L);
            assertThat(ra.path("seed").path("source").asText()).startsWith("spec");
            assertThat(ra.path("seed").path("per_system").path("Sr-Ti-O").asLong())
                    .isEqualTo(CampaignSpec.systemSeed(7, List.of("Sr", "Ti", "O")));
            assertThat(Files.readString(app.campaigns().campaignDir("c-seed-a").resolve("report.md")))
                    .contains("- sampling seed: 7 (from the spec");

            JsonNode rd = JSON.readTree(app.campaigns()
                    .campaignDir("c-seed-d")
                    .resolve("report.json")
                    .toFile());
            assertThat(rd.path("seed").path("source").asText()).isEqualTo("derived from campaign id");
            derived = rd.path("seed").path("value").asLong();
            assertThat(derived).isEqualTo(unseeded.baseSeed("c-seed-d"));
            assertThat(Files.readString(app.campaigns().campaignDir("c-seed-d").resolve("report.md")))
                    .contains("put `seed: " + derived + "` in a spec");
        }
        // a new campaign given the seed the report recorded draws campaign d's samples again
        CampaignSpec again = parser.parse("e.yaml", yaml.formatted(Long.toString(derived)));
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            store.createCampaign("c-seed-e", "e", null, 0, JSON.writeValueAsString(again));
        }
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            CampaignRun run = app.campaigns().require("c-seed-e");
            await().atMost(Duration.ofSeconds(120)).until(run::isReported);
            List<String> d = cifs(app.campaigns().store(), "c-seed-d");
            assertThat(d).hasSize(12);
            assertThat(cifs(app.campaigns().store(), "c-seed-e")).isEqualTo(d);
        }
    }

    @Test
    void confDefaultSeedIsCheckedAndUsed() throws Exception {
        AppSettings ok = AppFixture.settings(root.resolve("ok"), "defaults: {samples: 4, seed: 5}");
        assertThat(ok.defaults().seed()).isEqualTo(5L);
        assertThat(new CampaignSpecParser(ok.defaults())
                        .parse("x.txt", "Ba Ru O")
                        .seed())
                .isEqualTo(5L);
        assertThat(AppFixture.settings(root.resolve("none"), "defaults: {samples: 4, seed: null}")
                        .defaults()
                        .seed())
                .isNull();
        assertThatThrownBy(() -> AppFixture.settings(root.resolve("bad"), "defaults: {samples: 4, seed: -3}"))
                .isInstanceOf(AppSettings.ConfigException.class)
                .hasMessageEndingWith(
                        "xtalflow.yaml: application.defaults: 'seed' = -3 is outside 0..9223372036854775807");
    }

    /** The stored structures of a campaign in generation order (CIF text without the id line). */
    private static List<String> cifs(CandidateStore store, String campaignId) {
        return store.candidates(campaignId).stream()
                .sorted(java.util.Comparator.comparingLong(Candidate::seq))
                .map(c -> c.structureCif().replace(c.id(), "ID"))
                .toList();
    }
}
