package org.xtalflow.camel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Harvest wiring on pymatgen's recorded LiFe4(PO4)4 GGA relaxation (real vasprun.xml). */
class HarvestStageTest {

    @TempDir
    Path dir;

    @Test
    void recordedRunRefusedByMp2020NamesTheCandidate() throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SharedData.path("vasp_outputs", "outputs", "vasprun.xml.gz")))) {
            Files.copy(in, dir.resolve("vasprun.xml"));
        }
        // vaspout classifies this VASP 5.2.2 run (GGA = --) as a hybrid run type, which MP2020 refuses:
        // the harvest fails with the candidate named instead of storing an uncorrected energy.
        assertThatThrownBy(() -> new HarvestStage().harvest("c-1", dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("c-1: MP2020 refused the entry")
                .hasMessageContaining("LiFe4(PO4)4");
    }

    @Test
    void missingOutputsNameTheCandidate() {
        assertThatThrownBy(() -> new HarvestStage().harvest("c-2", dir)).hasMessageContaining("c-2: no vasprun.xml in " + dir);
    }
}
