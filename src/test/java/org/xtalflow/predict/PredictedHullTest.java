package org.xtalflow.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Structure;
import org.xtalflow.screen.KnownStructures;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.PhaseDiagram;

/** The predicted hull on the bundled Materials Project ground states. */
class PredictedHullTest {

    static CgcnnPredictor predictor;
    static PredictedHull hull;

    @BeforeAll
    static void open() {
        predictor = CgcnnPredictor.open(EnumSet.of(CgcnnProperty.FORMATION_ENERGY));
        hull = new PredictedHull(predictor, KnownStructures.builtin());
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    static Structure rocksalt(double a) {
        return TestCrystals.rocksalt(a);
    }

    @Test
    void theKnownGroundStateSitsOnThePredictedHullAndACompressedCopyAboveIt() {
        PhaseDiagram pd = hull.diagram(Composition.parse("NaCl"));
        // the elements at 0 and the bundled Na-Cl ground states, each at its predicted formation energy
        assertThat(pd.allEntries()).extracting(ComputedEntry::entryId).contains("Na", "Cl", "mp-22862");
        ComputedEntry nacl = pd.allEntries().stream()
                .filter(e -> e.entryId().equals("mp-22862"))
                .findFirst()
                .orElseThrow();
        assertThat(pd.formationEnergyPerAtom(nacl)).isLessThan(-1.5); // rock salt: about -2.1 eV/atom

        double relaxed =
                predictor.predictStructures(List.of(rocksalt(5.69))).get(0).get(CgcnnProperty.FORMATION_ENERGY);
        PredictedHull.Estimate onHull = hull.estimate(Composition.parse("NaCl"), relaxed);
        assertThat(onHull.eAboveHull()).isCloseTo(0.0, within(0.05));
        assertThat(onHull.decomposition()).contains("mp-22862");

        double squeezed =
                predictor.predictStructures(List.of(rocksalt(4.6))).get(0).get(CgcnnProperty.FORMATION_ENERGY);
        PredictedHull.Estimate above = hull.estimate(Composition.parse("NaCl"), squeezed);
        assertThat(above.eAboveHull()).isGreaterThan(onHull.eAboveHull() + 0.1);
        assertThat(above.hullEnergyPerAtom()).isEqualTo(onHull.hullEnergyPerAtom());
        assertThat(above.formationEnergyPerAtom()).isEqualTo(squeezed);
    }

    @Test
    void aSystemWithoutKnownCompoundsHasTheElementsAsItsHull() {
        PredictedHull.Estimate e = hull.estimate(Composition.parse("HeNe"), 0.25);
        assertThat(e.hullEnergyPerAtom()).isEqualTo(0.0);
        assertThat(e.eAboveHull()).isEqualTo(0.25);
    }

    @Test
    void needsTheFormationEnergyModel() {
        try (CgcnnPredictor gap = CgcnnPredictor.open(EnumSet.of(CgcnnProperty.BAND_GAP))) {
            assertThatThrownBy(() -> new PredictedHull(gap, KnownStructures.builtin()))
                    .hasMessageContaining("formation-energy");
        }
    }
}
