package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;

/** `xtalflow vasp parse` in-process: the JSON fields, kind detection and exit codes. */
class VaspParseCommandTest {

    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();

    private List<JsonNode> run(int wantExit, String... args) throws Exception {
        return io.runJson(wantExit, args);
    }

    static String data(String f) {
        return SharedData.path("vasp_outputs", "outputs", f).toString();
    }

    @Test
    void vasprunJsonHasTheHarvestFields() throws Exception {
        List<JsonNode> rows = run(0, "vasp", "parse", "--json", data("vasprun.unconverged.xml.gz"));
        assertThat(rows).hasSize(1);
        JsonNode o = rows.get(0);
        for (String k : List.of(
                "final_energy",
                "final_energy_per_atom",
                "n_ionic_steps",
                "n_electronic_steps",
                "converged_electronic",
                "converged_ionic",
                "converged",
                "formula",
                "nsites",
                "efermi",
                "run_type",
                "hubbards",
                "potcar_symbols")) {
            assertThat(o.has(k)).as(k).isTrue();
        }
        assertThat(o.get("final_energy").asDouble()).isEqualTo(-134.33107279);
        assertThat(o.get("final_energy_per_atom").asDouble()).isEqualTo(-134.33107279 / 14);
        assertThat(o.get("n_ionic_steps").asInt()).isEqualTo(5);
        assertThat(o.get("n_electronic_steps").asInt()).isEqualTo(500);
        assertThat(o.get("converged_electronic").asBoolean()).isFalse();
        assertThat(o.get("converged_ionic").asBoolean()).isTrue();
        assertThat(o.get("converged").asBoolean()).isFalse();
        assertThat(o.get("formula").asText()).isEqualTo("V2O5");
        assertThat(o.get("nsites").asInt()).isEqualTo(14);
        assertThat(o.get("efermi").asDouble()).isEqualTo(0.63706997);
        assertThat(o.get("run_type").asText()).isEqualTo("GGA+U");
        assertThat(o.get("hubbards").get("V").asDouble()).isEqualTo(3.1);
        assertThat(o.get("potcar_symbols").get(0).asText()).isEqualTo("PAW_PBE V_pv 07Sep2000");
        assertThat(o.get("ionic_energies")).hasSize(5);
    }

    @Test
    void truncatedFileFailsUnlessLenient() throws Exception {
        List<JsonNode> rows =
                run(1, "vasp", "parse", "--json", data("vasprun.bad.xml.gz"), data("vasprun.etest3.xml.gz"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("error").asText()).contains("vasprun.bad.xml.gz:932:");
        assertThat(rows.get(1).get("final_energy").asDouble()).isEqualTo(-15.89355324);
        io.resetOut();
        JsonNode o = run(0, "vasp", "parse", "--json", "--lenient", data("vasprun.bad.xml.gz"))
                .get(0);
        assertThat(o.get("complete").asBoolean()).isFalse();
        assertThat(o.get("converged").asBoolean()).isFalse();
        assertThat(o.get("n_ionic_steps").asInt()).isEqualTo(1);
        assertThat(o.get("efermi").isNull()).isTrue();
        assertThat(o.get("warnings").get(0).asText()).contains("line 932");
    }

    @Test
    void outcarAndOszicarAreDetectedByNameOrContent(@TempDir Path tmp) throws Exception {
        Path renamed = tmp.resolve("run1.out");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(data("OUTCAR.etest1.gz"))))) {
            Files.copy(in, renamed);
        }
        Path osz = tmp.resolve("osz.txt");
        Files.copy(Path.of(data("OSZICAR")), osz);
        List<JsonNode> rows = run(
                0,
                "vasp",
                "parse",
                "--json",
                data("OUTCAR.etest1.gz"),
                renamed.toString(),
                data("OSZICAR"),
                osz.toString());
        assertThat(rows).hasSize(4);
        for (JsonNode o : rows.subList(0, 2)) {
            assertThat(o.get("kind").asText()).isEqualTo("outcar");
            assertThat(o.get("final_energy").asDouble()).isEqualTo(-11.18981538);
            assertThat(o.get("energy_without_entropy").asDouble()).isEqualTo(-11.13480014);
            assertThat(o.get("free_energy").asDouble()).isEqualTo(-11.217323);
            assertThat(o.get("efermi").asDouble()).isEqualTo(8.9069);
        }
        for (JsonNode o : rows.subList(2, 4)) {
            assertThat(o.get("kind").asText()).isEqualTo("oszicar");
            assertThat(o.get("final_energy").asDouble()).isEqualTo(-526.63928);
            assertThat(o.get("n_ionic_steps").asInt()).isEqualTo(60);
        }
    }

    @Test
    void unknownAndMissingFilesFailWithExitCode1(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("notes.txt");
        Files.writeString(junk, "hello\nworld\n");
        List<JsonNode> rows = run(
                1,
                "vasp",
                "parse",
                "--json",
                junk.toString(),
                tmp.resolve("missing.xml").toString());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("error").asText()).contains("notes.txt").contains("--kind");
        assertThat(rows.get(1).get("error").asText()).contains("missing.xml").contains("not found");
    }

    @Test
    void potcarSpecInTheJsonNullHashWithoutPotcarAndPymatgensHashWithOne(@TempDir Path dir) throws Exception {
        Path vr = dir.resolve("vasprun.xml.gz");
        Files.copy(Path.of(data("vasprun.xml.gz")), vr);
        JsonNode first = run(0, "vasp", "parse", "--json", vr.toString()).get(0);
        assertThat(first.get("entry_id").asText()).isEqualTo("vasprun-20100729-15.0-da7b01a471dc249323505c0676ae7350");
        JsonNode spec = first.get("potcar_spec");
        assertThat(spec).hasSize(5);
        assertThat(spec.get(0).get("titel").asText()).isEqualTo("PAW_PBE Li 17Jan2003");
        spec.forEach(s -> assertThat(s.get("hash").isNull()).as(s.toString()).isTrue());

        io.resetOut();
        Files.writeString(
                dir.resolve("POTCAR"),
                org.xtalflow.vasp.outputs.PotcarSpecTest.dataSet("PAW_PBE Li 17Jan2003", 1.0, 7.01, 1)
                        + org.xtalflow.vasp.outputs.PotcarSpecTest.dataSet("PAW_PBE Fe 06Sep2000", 8.0, 55.847, 2)
                        + org.xtalflow.vasp.outputs.PotcarSpecTest.dataSet("PAW_PBE P 17Jan2003", 5.0, 30.974, 3)
                        + org.xtalflow.vasp.outputs.PotcarSpecTest.dataSet("PAW_PBE O 08Apr2002", 6.0, 16.0, 4));
        JsonNode withHash =
                run(0, "vasp", "parse", "--json", vr.toString()).get(0).get("potcar_spec");
        List<org.xtalflow.vasp.outputs.PotcarSpec> lib =
                org.xtalflow.vasp.outputs.Vasprun.read(vr).potcarSpec();
        assertThat(withHash).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(withHash.get(i).get("titel").asText())
                    .isEqualTo(lib.get(i).titel());
            assertThat(withHash.get(i).get("hash").asText())
                    .matches("[0-9a-f]{32}")
                    .isEqualTo(lib.get(i).hash());
        }
    }
}
