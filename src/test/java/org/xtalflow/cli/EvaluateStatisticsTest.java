package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} reports uniqueness and novelty of the merged structures and, with the real
 * CGCNN model, their PREDICTED stable share and S.U.N. rate (clearly labelled as predictions);
 * with --no-predict it says why stability is not there.
 */
class EvaluateStatisticsTest {

    @TempDir
    Path tmp;

    @Test
    void uniqueAndNovelSharesAndNoSilentStability() throws Exception {
        Path json = tmp.resolve("eval.json");
        HullCommandTest.Run r = HullCommandTest.run(
                "evaluate",
                "--generator",
                "random",
                "--samples",
                "8",
                "--seed",
                "3",
                "--no-predict",
                "--json",
                json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(json.toFile()).get(0);
        double unique = g.path("uniqueRate").asDouble(-1);
        double novel = g.path("novelRate").asDouble(-1);
        assertThat(unique).isBetween(0.0, 1.0);
        assertThat(novel).isBetween(0.0, 1.0);
        // each merged structure is judged: shares are whole counts over the merged ones
        int merged = (int) Math.round(
                g.path("mergeSurvival").asDouble() * g.path("structures").asInt());
        assertThat(Math.abs(unique * merged - Math.round(unique * merged))).isLessThan(1e-9);
        assertThat(g.path("stability").asText()).contains("not evaluated", "no DFT energies");
        assertThat(g.path("predicted").isNull()).isTrue();
        assertThat(r.out()).contains("| PREDICTED S.U.N.").contains("n/a");
    }

    @Test
    void predictedStableShareAndPredictedSunRateOverTheMergedStructures() throws Exception {
        Path json = tmp.resolve("eval-predicted.json");
        HullCommandTest.Run r = HullCommandTest.run(
                "evaluate", "--generator", "pgcgm", "--samples", "20", "--seed", "3", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(json.toFile()).get(0);
        int merged = (int) Math.round(
                g.path("mergeSurvival").asDouble() * g.path("structures").asInt());
        JsonNode p = g.path("predicted");
        // the same denominator as the unique and novel shares: every merged structure
        assertThat(p.path("structures").asInt()).isEqualTo(merged).isPositive();
        int predicted = p.path("predicted").asInt();
        int stable = p.path("stable").asInt();
        int sun = p.path("sun").asInt();
        assertThat(predicted).isBetween(1, merged);
        assertThat(stable).isBetween(0, predicted);
        assertThat(sun).isBetween(0, stable);
        // S.U.N. is stable AND unique AND novel: never more than either share allows
        assertThat(sun)
                .isLessThanOrEqualTo((int) Math.round(g.path("uniqueRate").asDouble() * merged));
        assertThat(sun).isLessThanOrEqualTo((int) Math.round(g.path("novelRate").asDouble() * merged));
        assertThat(p.path("stableRate").asDouble()).isEqualTo(stable / (double) merged);
        assertThat(p.path("sunRate").asDouble()).isEqualTo(sun / (double) merged);
        assertThat(p.path("meanEAboveHull").asDouble()).isFinite();
        assertThat(g.path("stability").asText()).contains("predicted by CGCNN, no DFT");
        assertThat(r.out())
                .contains("| PREDICTED stable (≤ 0.1 eV/atom)")
                .contains("| PREDICTED S.U.N.")
                .contains(stable + " / " + merged + " (")
                .contains("predicted stable / S.U.N. (CGCNN, of merged): predicted by CGCNN, no DFT");
    }
}
