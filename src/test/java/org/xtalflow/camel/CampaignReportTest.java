package org.xtalflow.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StoreConfig;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.report.CampaignReport;
import org.xtalflow.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report from a store holding harvested candidates (real CIFs from the MP ground states). */
class CampaignReportTest {

    @TempDir
    Path dir;

    @Test
    void histogramsStableListAndCifs() throws Exception {
        try (CandidateStore store = CandidateStore.open(StoreConfig.sqlite(dir.resolve("s.db")))) {
            CampaignSpec spec = new CampaignSpec("r", List.of(List.of("Ba", "Te", "O")), List.of(), 3, "random", Map.of(),
                    "MPRelaxSet", "hpc1", 0, "test");
            store.createCampaign("c-r", "r", "hpc1", 0, "{}");
            String cif = Files.readString(SharedData.path("mp_groundstates", "cifs", "mp-1000.cif"));
            double[][] energies = {{-1.20, 0.0}, {-0.90, 0.08}, {-0.30, 0.40}};
            List<Candidate> cs = store.addCandidates("c-r", List.of(
                    CandidateChange.none().withStructure("BaTe", 225, 8, cif).withCluster("hpc1"),
                    CandidateChange.none().withStructure("BaTe", 225, 8, cif).withCluster("hpc1"),
                    CandidateChange.none().withStructure("BaTe", 225, 8, cif).withCluster("hpc1")));
            CandidateState[] path = {CandidateState.SCREENED, CandidateState.PREPARED, CandidateState.SUBMITTING,
                    CandidateState.SUBMITTED, CandidateState.FINISHED};
            for (int i = 0; i < cs.size(); i++) {
                String id = cs.get(i).id();
                CandidateState from = CandidateState.GENERATED;
                for (CandidateState to : path) {
                    CandidateChange ch = to == CandidateState.PREPARED ? CandidateChange.none().withBundlePath(dir.toString())
                            : to == CandidateState.SUBMITTED ? CandidateChange.none().withJobId("10" + i) : CandidateChange.none();
                    store.transition(id, from, to, ch);
                    from = to;
                }
                store.transition(id, CandidateState.FINISHED, CandidateState.HARVESTED,
                        CandidateChange.none().withEnergies(-30.0, -3.75, energies[i][0], energies[i][1]));
            }
            store.addFunnelCount("c-r", "harvest", "converged", 3);
            CampaignRun run = new CampaignRun("c-r", spec, store, f -> { });
            Path out = new CampaignReport(store).write(run, dir.resolve("report"));

            assertThat(out.resolve("ef_histogram.png")).isNotEmptyFile();
            assertThat(out.resolve("ehull_histogram.png")).isNotEmptyFile();
            assertThat(out.resolve("funnel.png")).isNotEmptyFile();
            // E_hull 0.0 and 0.08 are within 0.1 eV/atom; 0.40 is not.
            assertThat(out.resolve("cifs").toFile().list()).containsExactlyInAnyOrder(cs.get(0).id() + ".cif", cs.get(1).id() + ".cif");
            assertThat(new CifReader().read(out.resolve("cifs").resolve(cs.get(0).id() + ".cif")).get(0).structure().sites()).hasSize(8);
            String md = Files.readString(out.resolve("report.md"));
            assertThat(md).contains("3 harvested: E_f < 0 for 3, on the hull 1, E_hull < 0.1 eV/atom 2, < 0.25 eV/atom 2")
                    .contains("3 of 3 harvested runs converged (100.0%)").contains("| " + cs.get(2).id() + " | hpc1 | 102 | HARVESTED |");
            JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(json.path("hull_statistics").path("on_hull").asInt()).isEqualTo(1);
            assertThat(json.path("stable_and_near_stable")).hasSize(2);
            assertThat(json.path("candidates_per_state").path("HARVESTED").asLong()).isEqualTo(3);
        }
    }
}
