package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.report.FinalHull;
import org.xtalflow.testing.SharedData;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.ReferenceSet;

/** Harvest wiring on pymatgen's recorded LiFe4(PO4)4 GGA relaxation (real vasprun.xml). */
class HarvestStageTest {

    @TempDir
    Path dir;

    @Test
    void recordedRunRefusedByMp2020NamesTheCandidate() throws Exception {
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(SharedData.path("vasp_outputs", "outputs", "vasprun.xml.gz")))) {
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
        assertThatThrownBy(() -> new HarvestStage().harvest("c-2", dir))
                .hasMessageContaining("c-2: no vasprun.xml in " + dir);
    }

    /**
     * Without corrections the recorded run is harvested; the outcome carries the computed entry
     * (final structure, uncorrected energy) that the report's final hull is recomputed from. Its
     * Li-Fe-P-O system lies outside the campaign's Sr-Ti-O and has four elements: on the final
     * hull in its own system, drawn as a tetrahedron (HullPlot draws two to four elements).
     */
    @Test
    void outcomeCarriesTheEntryForTheFinalHull() throws Exception {
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(SharedData.path("vasp_outputs", "outputs", "vasprun.xml.gz")))) {
            Files.copy(in, dir.resolve("vasprun.xml"));
        }
        HullAnalysis thermo = new HullAnalysis(HullAnalysis.Correction.NONE, ReferenceSet.bundled());
        Stages.Harvest.Outcome o = new HarvestStage(thermo).harvest("c-3", dir);
        ComputedEntry e = EntryJson.fromDict(EntryJson.mapper().readTree(o.entryJson()), "c-3");
        assertThat(e.uncorrectedEnergy()).isEqualTo(o.finalEnergyEv());
        assertThat(e.entryId()).isEqualTo("c-3");
        assertThat(e.structure()).isNotNull();
        assertThat(e.name()).isEqualTo("LiFe4(PO4)4");
        assertThat(e.energyPerAtom()).isCloseTo(o.energyPerAtomEv(), within(1e-9));

        Candidate c = new Candidate(
                "c-3",
                "c",
                3,
                CandidateState.HARVESTED,
                null,
                e.name(),
                1,
                e.structure().sites().size(),
                null,
                null,
                null,
                "1",
                null,
                1,
                0,
                0,
                0,
                0,
                0,
                0,
                o.finalEnergyEv(),
                o.energyPerAtomEv(),
                o.formationEnergyPerAtomEv(),
                o.eAboveHullEv(),
                o.entryJson());
        FinalHull fh = FinalHull.compute(List.of(c), List.of(List.of("Sr", "Ti", "O")), thermo);
        assertThat(fh.systems()).extracting(FinalHull.SystemHull::system).containsExactly("Sr-Ti-O", "Fe-Li-O-P");
        assertThat(fh.systems().get(0).failure()).isEqualTo("no harvested candidate with a stored entry");
        FinalHull.SystemHull own = fh.systems().get(1);
        assertThat(own.drawable()).isTrue();
        assertThat(own.result().phaseDiagram().elements()).hasSize(4);
        // alone against the same references, the final hull gives the harvest-time numbers back
        assertThat(fh.point("c-3").eAboveHull()).isCloseTo(o.eAboveHullEv(), within(1e-12));
        assertThat(fh.point("c-3").formationEnergyPerAtom()).isCloseTo(o.formationEnergyPerAtomEv(), within(1e-12));
        assertThat(fh.provisional()).isEmpty();
    }
}
