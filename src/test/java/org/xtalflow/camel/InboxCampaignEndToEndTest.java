package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.Poscar;

/**
 * "Ba Ru O" dropped into the inbox of the running application: a campaign runs the real
 * generator (the random symmetric baseline; this build ships no default PGCGM weights), the real
 * screening pipeline and the real MPRelaxSet writer, and writes its report.
 */
class InboxCampaignEndToEndTest {

    @TempDir
    Path root;

    @Test
    void elementListBecomesCampaignWithReportAndBundles() throws Exception {
        AppSettings settings = AppFixture.settings(
                root, """
                nightly: {enabled: false}
                defaults: {samples: 60, generator: random, seed: 1}
                """); // seeded: 60 random Ba-Ru-O samples give no survivor for some seeds (seen in a run)
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            Files.writeString(settings.inbox().resolve("BaRuO.txt"), "Ba Ru O\n");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !app.campaigns().list().isEmpty()
                            && app.campaigns().list().get(0).isReported());
            CampaignRun run = app.campaigns().list().get(0);
            assertThat(run.statusLabel()).isEqualTo("FINISHED");
            long generated = run.getCandidatesPerState().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            long screened = run.getCandidatesPerState().getOrDefault("PREPARED", 0L);
            assertThat(run.getCandidatesPerState()).doesNotContainKey("SCREENED"); // all moved on to PREPARED
            assertThat(generated).isEqualTo(180); // 60 samples x 3 coordinate sets
            assertThat(run.getCandidatesPerState().getOrDefault("REJECTED", 0L)).isEqualTo(generated - screened);
            assertThat(run.getFunnel())
                    .containsEntry("generate.samples", 180L)
                    .containsEntry("screen.passed", screened)
                    .containsEntry("prepare.passed", screened)
                    .containsEntry("generate.system:Ba-Ru-O", 1L);
            assertThat(run.getFunnel().entrySet().stream()
                            .filter(e -> e.getKey().startsWith("screen."))
                            .mapToLong(java.util.Map.Entry::getValue)
                            .sum())
                    .isEqualTo(180L);
            assertThat(screened).as("some random Ba-Ru-O cells pass screening").isPositive();
            assertThat(run.getCandidatesPerState()).containsEntry("PREPARED", screened);

            Path bundles = settings.outbox().resolve(run.getCampaignId());
            List<Path> dirs;
            try (Stream<Path> s = Files.list(bundles)) {
                dirs = s.toList();
            }
            assertThat(dirs).hasSize((int) screened);
            for (Path d : dirs) {
                assertThat(Files.readString(d.resolve("INCAR"))).contains("ENCUT = 520");
                assertThat(Files.readString(d.resolve("POTCAR.spec")))
                        .contains("Ba_sv")
                        .contains("Ru_pv")
                        .contains("O");
                assertThat(Poscar.parse(Files.readString(d.resolve("POSCAR")), "POSCAR")
                                .structure()
                                .composition()
                                .reducedFormula())
                        .containsPattern("Ba.*Ru.*O|Ba.*O");
                assertThat(d.resolve("job.sh")).exists();
                assertThat(new CifReader().read(d.resolve(d.getFileName() + ".cif")))
                        .hasSize(1);
            }
            Path dir = app.campaigns().campaignDir(run.getCampaignId());
            JsonNode report =
                    new ObjectMapper().readTree(dir.resolve("report.json").toFile());
            assertThat(report.path("candidates_per_state").path("PREPARED").asLong())
                    .isEqualTo(screened);
            assertThat(Files.readString(dir.resolve("report.md")))
                    .contains("Ba-Ru-O")
                    .contains("submission needs a cluster profile");
        }
    }
}
