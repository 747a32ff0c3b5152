package org.xtalflow.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.screen.KnownStructures;
import org.xtalflow.thermo.CampaignStatistics;

/**
 * The predicted stable share and predicted S.U.N. rate, with the real CGCNN formation-energy model
 * and the predicted hull of the bundled MP ground states: relaxed rock-salt NaCl lies on the
 * predicted hull, a strongly compressed copy far above it, a half-occupied cell cannot be graphed.
 */
class PredictedStabilityTest {

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

    private static Structure halfOccupied() {
        List<Site> sites = new ArrayList<>();
        sites.add(new Site(Element.of("Na"), new double[] {0, 0, 0}, 0.5, null));
        sites.add(new Site(Element.of("Cl"), new double[] {.5, .5, .5}, 1.0, null));
        return new Structure(Lattice.cubic(3.3), sites);
    }

    @Test
    void stableByPredictionUniqueAndNovelMakeThePredictedSunRate() {
        Structure relaxed = TestCrystals.rocksalt(5.69);
        Structure squeezed = TestCrystals.rocksalt(4.2);
        PredictedStability stability = new PredictedStability(predictor, hull);

        double[] e = stability.eAboveHull(List.of(relaxed, squeezed, halfOccupied()));
        // the same numbers as the model and the hull give one by one
        double ef = predictor.predictStructures(List.of(relaxed)).get(0).get(CgcnnProperty.FORMATION_ENERGY);
        assertThat(e[0])
                .isCloseTo(hull.estimate(Composition.parse("NaCl"), ef).eAboveHull(), within(1e-6))
                .isLessThanOrEqualTo(CampaignStatistics.STABLE_MAX);
        assertThat(e[1]).isGreaterThan(CampaignStatistics.STABLE_MAX);
        assertThat(e[2]).as("a disordered cell has no prediction").isNaN();

        PredictedStability.Result r = stability.of(List.of(
                new PredictedStability.Judged(relaxed, true, true), // stable, unique, novel: S.U.N.
                new PredictedStability.Judged(relaxed, false, true), // stable, a duplicate: not S.U.N.
                new PredictedStability.Judged(relaxed, true, false), // stable, known: not S.U.N.
                new PredictedStability.Judged(squeezed, true, true), // unique and novel, not stable
                new PredictedStability.Judged(halfOccupied(), true, true))); // no prediction: not stable
        assertThat(r.structures()).isEqualTo(5);
        assertThat(r.predicted()).isEqualTo(4);
        assertThat(r.stable()).isEqualTo(3);
        assertThat(r.sun()).isEqualTo(1);
        assertThat(r.stableRate()).isEqualTo(0.6);
        assertThat(r.sunRate()).isEqualTo(0.2);
        // float32 inference: a structure's value moves in the 8th digit with the batch it is in
        assertThat(r.meanEAboveHull()).isCloseTo((3 * e[0] + e[1]) / 4, within(1e-6));
        assertThat(PredictedStability.DEFINITION)
                .contains("predicted by CGCNN, no DFT")
                .contains("0.1 eV/atom");
    }

    @Test
    void noStructuresNoShares() {
        PredictedStability.Result r = new PredictedStability(predictor, hull).of(List.of());
        assertThat(r.stableRate()).isZero();
        assertThat(r.sunRate()).isZero();
        assertThat(r.meanEAboveHull()).isNaN();
        assertThat(PredictedStability.Result.share(0, 0)).isEqualTo("0 / 0 (n/a)");
        assertThat(PredictedStability.Result.share(3, 12)).isEqualTo("3 / 12 (25.0%)");
    }
}
