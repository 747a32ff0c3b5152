package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifInfoCommandTest {

    @Test
    void goodAndBadFilesEachGetALineAndTheExitCodeReportsFailure(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("BaTe.cif");
        Files.copy(getClass().getResourceAsStream("/xtalflow/examples/BaTe_mp-1000.cif"), good);
        Path bad = Files.writeString(tmp.resolve("bad.cif"), "data_x\n_cell_length_a 3\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("cif", "info", "--json", bad.toString(), good.toString());
        } finally {
            System.setOut(old);
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertThat(code).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(lines).hasSize(2);
        ObjectMapper m = new ObjectMapper();
        JsonNode err = m.readTree(lines[0]);
        assertThat(err.get("file").asText()).isEqualTo(bad.toString());
        assertThat(err.get("error").asText()).contains("bad.cif").contains("_cell_length_b");
        JsonNode ok = m.readTree(lines[1]);
        assertThat(ok.get("formula").asText()).isEqualTo("BaTe");
        assertThat(ok.get("nsites").asInt()).isEqualTo(8);
        assertThat(ok.get("spacegroup_number").asInt()).isEqualTo(225);
        assertThat(ok.get("volume").asDouble()).isEqualTo(356.376631);
        assertThat(ok.get("density").asDouble()).isBetween(4.9, 5.0);
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(Main.commandLine().execute("--help")).isZero();
        assertThat(Main.commandLine().execute("cif", "info", "--help")).isZero();
        assertThat(Main.commandLine().execute("no-such-command")).isEqualTo(2);
    }
}
