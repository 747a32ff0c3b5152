package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;

class PredictCommandTest {

    static String[] run(int[] code, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code[0] = Main.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8).trim().split("\n");
    }

    @Test
    void jsonLinePerStructureWithEveryKeyAndAnErrorLineForABadFile(@TempDir Path tmp) throws Exception {
        Path good = SharedData.path("cgcnn", "samples", "1000041.cif");
        Path bad = Files.writeString(tmp.resolve("bad.cif"), "data_x\n_cell_length_a 3\n");
        Path disordered = Files.writeString(tmp.resolve("disordered.cif"), """
                data_d
                _cell_length_a 4
                _cell_length_b 4
                _cell_length_c 4
                _cell_angle_alpha 90
                _cell_angle_beta 90
                _cell_angle_gamma 90
                loop_
                _atom_site_label
                _atom_site_type_symbol
                _atom_site_fract_x
                _atom_site_fract_y
                _atom_site_fract_z
                _atom_site_occupancy
                Fe1 Fe 0 0 0 0.5
                """);
        int[] code = new int[1];
        String[] lines =
                run(code, "predict", "--json", good.toString(), bad.toString(), disordered.toString(), good.toString());
        assertThat(code[0]).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(lines).hasSize(4);
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines[0]);
        assertThat(first.get("file").asText()).isEqualTo(good.toString());
        // the original's values for this sample (EXPECTED.json)
        JsonNode expected = m.readTree(SharedData.path("cgcnn", "EXPECTED.json").toFile())
                .path("predictions")
                .path("1000041.cif");
        assertThat(first.get("formation_energy_per_atom").asDouble())
                .isCloseTo(expected.get("formation-energy-per-atom").asDouble(), within(1e-4));
        assertThat(first.get("band_gap").asDouble())
                .isCloseTo(expected.get("band-gap").asDouble(), within(1e-4));
        for (String key : new String[] {
            "energy_per_atom",
            "efermi",
            "bulk_modulus_log10_gpa",
            "shear_modulus_log10_gpa",
            "poisson_ratio",
            "metal_probability"
        }) {
            assertThat(first.has(key)).as(key).isTrue();
        }
        JsonNode err = m.readTree(lines[1]);
        assertThat(err.get("file").asText()).isEqualTo(bad.toString());
        assertThat(err.get("error").asText()).startsWith(bad + ":").contains("_cell_length_b");
        JsonNode dis = m.readTree(lines[2]);
        assertThat(dis.get("error").asText()).startsWith(disordered + ":").contains("occupancy 0.5");
        assertThat(m.readTree(lines[3]).get("formation_energy_per_atom").asDouble())
                .isEqualTo(first.get("formation_energy_per_atom").asDouble());
    }

    @Test
    void modelsChoosesTheKeysAndHullAddsThePredictedEnergyAboveHull() throws Exception {
        Path good = SharedData.path("cgcnn", "samples", "1000041.cif");
        int[] code = new int[1];
        String[] lines = run(code, "predict", "--json", "--models", "band_gap,metal", "--hull", good.toString());
        assertThat(code[0]).isZero();
        JsonNode o = new ObjectMapper().readTree(lines[0]);
        assertThat(o.has("band_gap")).isTrue();
        assertThat(o.has("metal_probability")).isTrue();
        assertThat(o.has("formation_energy_per_atom")).isTrue(); // needed by --hull
        assertThat(o.has("poisson_ratio")).isFalse();
        // NaCl rock salt is the Na-Cl ground state: on (or very near) the predicted hull
        assertThat(o.get("e_above_hull_predicted").asDouble()).isCloseTo(0.0, within(0.05));
        assertThat(o.get("predicted_decomposition").get(0).asText()).isEqualTo("mp-22862");

        String[] text = run(code, "predict", "--models", "formation_energy", good.toString());
        assertThat(text[0])
                .contains("NaCl")
                .contains("formation_energy_per_atom=-2.11")
                .doesNotContain("band_gap");
        run(code, "predict", "--models", "nonsense", good.toString());
        assertThat(code[0]).isEqualTo(Main.EXIT_USAGE);
    }
}
