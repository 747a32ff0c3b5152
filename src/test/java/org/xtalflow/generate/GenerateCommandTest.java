package org.xtalflow.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.cli.Main;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;

/** The generate command end to end with the random baseline (no model needed, fast). */
class GenerateCommandTest {

    @Test
    void writesReadableSymmetrizedCifsAndASummary(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        int rc = Main.commandLine()
                .execute(
                        "generate",
                        "--generator",
                        "random",
                        "--elements",
                        "Ba,Ru,O",
                        "--space-group",
                        "Pnma",
                        "--samples",
                        "20",
                        "--seed",
                        "3",
                        "--out",
                        out.toString());
        assertThat(rc).isZero();
        JsonNode sum = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(sum.get("structures").asInt()).isEqualTo(60);
        List<Path> cifs;
        try (var s = Files.list(out)) {
            cifs = s.filter(p -> p.toString().endsWith(".cif")).sorted().toList();
        }
        assertThat(cifs).hasSize(sum.get("written").asInt()).isNotEmpty();
        CifReader reader = new CifReader();
        for (Path c : cifs) {
            CifStructure cs = reader.read(c).get(0);
            assertThat(cs.declaredSpaceGroup().number()).isEqualTo(62);
            assertThat(cs.structure().composition().elements())
                    .extracting(e -> e.symbol())
                    .containsExactlyInAnyOrder("Ba", "Ru", "O");
        }
        // same seed, same files
        Path again = tmp.resolve("again");
        Main.commandLine()
                .execute(
                        "generate",
                        "--generator",
                        "random",
                        "--elements",
                        "Ba,Ru,O",
                        "--space-group",
                        "62",
                        "--samples",
                        "20",
                        "--seed",
                        "3",
                        "--out",
                        again.toString());
        assertThat(Files.readString(again.resolve(cifs.get(0).getFileName()))).isEqualTo(Files.readString(cifs.get(0)));
    }

    @Test
    void screenedOutputKeepsOnlySurvivors(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        int rc = Main.commandLine()
                .execute(
                        "generate",
                        "--generator",
                        "random",
                        "--elements",
                        "Ba,Ru,O",
                        "--samples",
                        "30",
                        "--seed",
                        "1",
                        "--screen",
                        "--config",
                        tmp.resolve("none.yaml").toString(),
                        "--out",
                        out.toString());
        assertThat(rc).isZero();
        JsonNode sum = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(sum.get("funnel").get("received").asInt()).isEqualTo(90);
        assertThat(sum.get("written").asInt())
                .isEqualTo(sum.get("funnel").get("passed").asInt());
    }

    @Test
    void badArgumentsAreUsageErrors(@TempDir Path tmp) {
        assertThat(Main.commandLine()
                        .execute("generate", "--generator", "random", "--elements", "Ba,Xx,O", "--out", tmp.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine()
                        .execute(
                                "generate",
                                "--generator",
                                "random",
                                "--space-group",
                                "P2_1/c",
                                "--out",
                                tmp.toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine()
                        .execute("generate", "--generator", tmp.resolve("nope").toString(), "--out", tmp.toString()))
                .isEqualTo(Main.EXIT_CONFIG);
    }
}
