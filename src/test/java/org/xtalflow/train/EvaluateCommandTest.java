package org.xtalflow.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.cli.Main;

class EvaluateCommandTest {

    @Test
    void reportsTableOneMetricsForEachGenerator(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("eval.json");
        int rc = Main.commandLine()
                .execute(
                        "evaluate",
                        "--generator",
                        "pgcgm,random",
                        "--samples",
                        "20",
                        "--seed",
                        "2",
                        "--config",
                        tmp.resolve("none.yaml").toString(),
                        "--json",
                        json.toString());
        assertThat(rc).isZero();
        JsonNode arr = new ObjectMapper().readTree(json.toFile());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).get("generator").asText()).isEqualTo("pgcgm");
        assertThat(arr.get(1).get("generator").asText()).isEqualTo("random");
        for (JsonNode r : arr) {
            assertThat(r.get("structures").asInt()).isEqualTo(60);
            assertThat(r.get("realStructures").asInt()).isGreaterThan(100);
            for (String f : new String[] {
                "mergeSurvival",
                "spaceGroupRetention",
                "distanceValidity",
                "chargeValidity",
                "compositionDiversity",
                "screeningSurvival"
            }) {
                assertThat(r.get(f).asDouble()).as(f).isBetween(0.0, 1.0);
            }
            assertThat(r.get("screeningSurvival").asDouble() * 60)
                    .isCloseTo(r.get("survivors").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
