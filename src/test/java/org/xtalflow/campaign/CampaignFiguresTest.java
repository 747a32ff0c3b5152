package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.screen.UniqueNovelJudge;
import org.xtalflow.testing.SharedData;
import org.xtalflow.thermo.CampaignStatistics;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;

/** The statistics' denominators from the store's states, uniqueness and novelty from the structures. */
class CampaignFiguresTest {

    @TempDir
    Path dir;

    @Test
    void endedRunsOnlyAndTheMatcherDecidesUniqueAndNovel() throws Exception {
        String nacl = Files.readString(SharedData.path("mp_groundstates", "cifs", "mp-22862.cif"));
        Structure bapo = org.xtalflow.screen.UniqueNovelJudgeTest.rockSalt("Ba", "Po", 7.0);
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("s.db"))) {
            store.createCampaign("c", "x", "local", 0, "{}");
            List<Candidate> cs = store.addCandidates(
                    "c",
                    List.of(
                            CandidateChange.none().withStructure("NaCl", 225, 8, nacl), // harvested, known
                            CandidateChange.none()
                                    .withStructure("BaPo", 225, 8, CifWriter.p1(bapo)), // harvested, new, on hull
                            CandidateChange.none()
                                    .withStructure("BaPo", 225, 8, CifWriter.p1(bapo)), // harvested duplicate
                            CandidateChange.none().withStructure("BaPo", 225, 8, null), // failed at DFT
                            CandidateChange.none().withStructure("BaPo", 225, 8, null), // still running
                            CandidateChange.none().withStructure("BaPo", 225, 8, null))); // rejected before DFT
            double[][] energies = {{-1.0, 0.3}, {-0.8, 0.0}, {-0.7, 0.05}};
            for (int k = 0; k < 3; k++) {
                FinalHullUpdaterTest.walkToFinished(store, cs.get(k).id());
                CandidateChange h = CandidateChange.none().withEnergies(-30.0, -3.0, energies[k][0], energies[k][1]);
                if (k == 1) { // relaxed structure stored with the entry
                    h = h.withEntry(
                            EntryJson.toDict(ComputedEntry.builder(bapo, -30.0).build())
                                    .toString());
                }
                store.transition(cs.get(k).id(), CandidateState.FINISHED, CandidateState.HARVESTED, h);
            }
            FinalHullUpdaterTest.walkToFinished(store, cs.get(3).id());
            store.transition(
                    cs.get(3).id(), CandidateState.FINISHED, CandidateState.FAILED, CandidateChange.reason("ZBRENT"));
            String running = cs.get(4).id();
            store.transition(running, CandidateState.GENERATED, CandidateState.SCREENED, null);
            store.transition(
                    running,
                    CandidateState.SCREENED,
                    CandidateState.PREPARED,
                    CandidateChange.none().withBundlePath("/b"));
            store.transition(
                    running,
                    CandidateState.PREPARED,
                    CandidateState.SUBMITTING,
                    CandidateChange.none().withCluster("local"));
            store.transition(
                    running,
                    CandidateState.SUBMITTING,
                    CandidateState.SUBMITTED,
                    CandidateChange.none().withJobId("9"));
            store.transition(
                    cs.get(5).id(),
                    CandidateState.GENERATED,
                    CandidateState.REJECTED,
                    CandidateChange.reason("distance"));

            CampaignStatistics st = CampaignFigures.of(
                    store.candidates("c"),
                    List.of(List.of("Ba", "Po"), List.of("Na", "Cl")),
                    UniqueNovelJudge.withDefaults(),
                    "test hull");
            CampaignStatistics.Table t = st.overall();
            assertThat(t.figure("dft_optimised").formatted()).isEqualTo("3 / 4 (75.0%)");
            assertThat(t.figure("formation_energy_negative").formatted()).isEqualTo("3 / 3 (100.0%)");
            assertThat(t.figure("on_hull").count()).isEqualTo(1);
            assertThat(t.figure("stable").formatted()).isEqualTo("2 / 4 (50.0%)");
            // unique: NaCl, the first BaPo (the failed one has no structure: neither unique nor novel)
            assertThat(t.figure("unique").count()).isEqualTo(2);
            assertThat(t.figure("novel").count()).isEqualTo(2); // both BaPo; NaCl is mp-22862
            assertThat(t.figure("sun").formatted()).isEqualTo("1 / 4 (25.0%)");
            assertThat(st.byChemicalSystem()).containsOnlyKeys("Ba-Po", "Na-Cl");
            assertThat(st.byChemicalSystem().get("Ba-Po").figure("sun").formatted())
                    .isEqualTo("1 / 3 (33.3%)");
            assertThat(st.bySpaceGroup()).containsOnlyKeys(225);
        }
    }
}
