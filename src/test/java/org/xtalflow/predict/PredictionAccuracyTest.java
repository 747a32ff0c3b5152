package org.xtalflow.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionAccuracyTest {

    @Test
    void maeAndRecallOfDftStableCandidatesAtTheThreshold() {
        List<PredictionAccuracy.Pair> pairs = List.of(
                new PredictionAccuracy.Pair("a", -1.0, -1.1, -0.05, 0.0), // stable, kept
                new PredictionAccuracy.Pair("b", -0.5, -0.7, 0.30, 0.0), // stable, dropped at 0.25
                new PredictionAccuracy.Pair("c", 0.2, 0.1, 0.40, 0.35), // unstable
                new PredictionAccuracy.Pair("d", -0.8, Double.NaN, 0.1, Double.NaN)); // not harvested
        PredictionAccuracy acc = PredictionAccuracy.of(pairs, 0.25, 0.0);
        assertThat(acc.count()).isEqualTo(4);
        assertThat(acc.formationEnergyMae()).isCloseTo((0.1 + 0.2 + 0.1) / 3, within(1e-12));
        // below-hull predictions count as 0 against DFT's non-negative e_above_hull
        assertThat(acc.eAboveHullMae()).isCloseTo((0.0 + 0.30 + 0.05) / 3, within(1e-12));
        assertThat(acc.dftStable()).isEqualTo(2);
        assertThat(acc.dftStableKept()).isEqualTo(1);
        assertThat(acc.dftStableDropped()).isEqualTo(1);
        assertThat(acc.recall()).isEqualTo(0.5);
        assertThat(PredictionAccuracy.of(pairs, 0.5, 0.0).recall()).isEqualTo(1.0);
        assertThat(PredictionAccuracy.of(List.of(), 0.25, 0.0).recall()).isNaN();
    }
}
