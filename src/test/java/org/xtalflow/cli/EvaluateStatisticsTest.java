package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} reports uniqueness and novelty of the merged structures and says why stability is not there. */
class EvaluateStatisticsTest {

    @TempDir
    Path tmp;

    @Test
    void uniqueAndNovelSharesAndNoSilentStability() throws Exception {
        Path json = tmp.resolve("eval.json");
        HullCommandTest.Run r = HullCommandTest.run(
                "evaluate", "--generator", "random", "--samples", "8", "--seed", "3", "--json", json.toString());
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
    }
}
