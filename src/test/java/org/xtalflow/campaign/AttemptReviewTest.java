package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.testing.SharedData;
import org.xtalflow.vasp.errors.RunPolicy;
import org.xtalflow.vasp.inputs.VaspInput;
import org.xtalflow.vasp.inputs.VaspInputSet;

/** The review of a failed job's fetched outputs: the flow's step folder with the real vasp.zbrent output. */
class AttemptReviewTest {

    @TempDir
    Path dir;

    @Test
    void aZbrentInTheFirstRelaxationIsFixableAndRecorded() throws Exception {
        VaspInput set = VaspInputSet.bundled("relax")
                .inputs(Poscar.read(SharedData.path("vasp_inputs", "POSCAR_Fe4P4O16"))
                        .structure());
        Path results = dir.resolve("cand.a1.failed");
        Path step = Files.createDirectories(results.resolve("relax1"));
        Files.writeString(step.resolve("INCAR"), set.incar().toText());
        Files.writeString(step.resolve("KPOINTS"), set.kpoints().toText());
        Files.writeString(step.resolve("POSCAR"), set.poscarText());
        Files.writeString(step.resolve("CONTCAR"), set.poscarText());
        Files.copy(SharedData.path("vasp_errors", "files", "vasp.zbrent"), step.resolve("vasp.out"));
        Files.writeString(results.resolve("stderr.txt"), "xtalflow: step relax1: VASP exited 1\n");

        try (CandidateStore store = CandidateStore.open(StoreConfig.sqlite(dir.resolve("s.db")))) {
            store.createCampaign("R-1", "review", "local", 0, "{}");
            Candidate c = store.addCandidate("R-1", CandidateChange.none().withStructure("FePO4", 62, 24, "data_x\n"));
            StoredAttempt a = new AttemptReview(RunPolicy.defaults()).review(c, results, 5L);
            assertThat(a.step()).isEqualTo("relax1");
            assertThat(a.errors()).isEqualTo("zbrent");
            assertThat(a.outcome()).isEqualTo("FIXABLE");
            assertThat(a.actions()).contains("restart from CONTCAR", "EDIFF = 1e-06", "NELMIN = 8");
            assertThat(a.reason()).isNull();
            assertThat(store.recordAttempt(a)).isTrue();
            assertThat(store.attempts(c.id())).hasSize(1);
        }
        // the review only reads: the step's inputs are as they were
        assertThat(Files.readString(results.resolve("relax1/INCAR")))
                .isEqualTo(set.incar().toText());
    }
}
