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
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.predict.TestCrystals;

/**
 * Candidates a killed application left SCREENED but not yet pre-screened are pre-screened when the
 * campaign resumes, before any VASP input is written: the one far above the hull is rejected.
 */
class PreScreenResumeTest {

    @TempDir
    Path root;

    @Test
    void screenedCandidatesLeftOverArePreScreenedBeforePreparation() throws Exception {
        AppSettings settings =
                AppFixture.settings(root, "nightly: {enabled: false}", "prescreen: {max_e_above_hull: 0.1}");
        CampaignSpec spec = new CampaignSpec(
                "left-over",
                List.of(List.of("Na", "Cl")),
                List.of(225),
                1,
                "random",
                Map.of(),
                "MPRelaxSet",
                null,
                0,
                "test");
        Files.createDirectories(settings.workDir());
        String relaxed;
        String squeezed;
        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            store.createCampaign("c-left", spec.name(), null, 0, new ObjectMapper().writeValueAsString(spec));
            List<Candidate> added = store.addCandidates(
                    "c-left",
                    List.of(
                            CandidateChange.none()
                                    .withStructure("NaCl", 225, 8, CifWriter.p1(TestCrystals.rocksalt(5.69))),
                            CandidateChange.none()
                                    .withStructure("NaCl", 225, 8, CifWriter.p1(TestCrystals.rocksalt(4.6)))));
            relaxed = added.get(0).id();
            squeezed = added.get(1).id();
            for (Candidate c : added) {
                store.transition(
                        c.id(),
                        CandidateState.GENERATED,
                        CandidateState.SCREENED,
                        CandidateChange.none().countIn("screen", "passed"));
            }
        }
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            CampaignRun run = app.campaigns().require("c-left");
            await().atMost(Duration.ofSeconds(120)).until(run::isReported);
            CandidateStore store = app.campaigns().store();
            assertThat(store.get(relaxed).state()).isEqualTo(CandidateState.PREPARED);
            assertThat(store.get(squeezed).state()).isEqualTo(CandidateState.REJECTED);
            assertThat(store.get(squeezed).reason()).startsWith("prescreen.predicted_unstable");
            assertThat(store.hasPredictions(relaxed)).isTrue();
            assertThat(store.hasPredictions(squeezed)).isTrue();
            assertThat(run.getFunnel())
                    .containsEntry("prescreen.passed", 1L)
                    .containsEntry("prescreen.predicted_unstable", 1L)
                    .containsEntry("prepare.passed", 1L);
        }
    }
}
