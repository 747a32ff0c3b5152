package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;

/**
 * `xtalflow vasp check --json` on the real failure outputs of ../shared/data/vasp_errors: every
 * file is classified under the key its EXPECTED.json gives (custodian's own tests assert the
 * same key for it), and the clean runs show no error.
 */
class VaspCheckCommandTest {

    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();

    private List<JsonNode> run(int wantExit, String... args) throws Exception {
        return io.runJson(wantExit, args);
    }

    /** File name -> expected key ("" for none): EXPECTED.json's vasp_out_errors plus the files of "other". */
    static Map<String, String> expected() throws Exception {
        JsonNode e = new ObjectMapper()
                .readTree(SharedData.path("vasp_errors", "EXPECTED.json").toFile());
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        e.get("vasp_out_errors").properties().iterator();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> x = it.next();
            m.put(x.getKey(), x.getValue().asText());
        }
        // "other" says it in words; the keys this product gives them
        Map<String, String> other = Map.of(
                "OSZICAR.nonconverging",
                "non_converging",
                "OSZICAR.positive_energy",
                "positive_energy",
                "vasprun.xml.electronic_unconverged.gz",
                "unconverged_electronic",
                "vasprun.xml.ionic_unconverged.gz",
                "unconverged_ionic",
                "OUTCAR.large_sigma_fail.gz",
                "large_sigma",
                "OUTCAR.large_sigma_pass.gz",
                "");
        for (Iterator<String> it = e.get("other").fieldNames(); it.hasNext(); ) {
            String f = it.next();
            assertThat(other).as("a key for the 'other' file " + f).containsKey(f);
            m.put(f, other.get(f));
        }
        return m;
    }

    @Test
    void everyFileOfTheSharedSetGetsItsExpectedKeyAndNothingElse() throws Exception {
        Map<String, String> want = expected();
        assertThat(want).hasSize(34);
        List<String> args = new ArrayList<>(List.of("vasp", "check", "--json", "--config", "does-not-exist.yaml"));
        for (String f : want.keySet()) {
            args.add(SharedData.path("vasp_errors", "files", f).toString());
        }
        List<JsonNode> rows = run(Main.EXIT_OK, args.toArray(String[]::new));
        assertThat(rows).hasSize(want.size());
        Map<String, List<String>> got = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            List<String> keys = new ArrayList<>();
            r.get("errors").forEach(k -> keys.add(k.asText()));
            got.put(Path.of(r.get("path").asText()).getFileName().toString(), keys);
            assertThat(r.has("actions") && r.get("actions").isArray()).isTrue();
            assertThat(r.has("locked") && r.get("locked").isArray()).isTrue();
        }
        Map<String, List<String>> expectedKeys = new LinkedHashMap<>();
        want.forEach((f, k) -> expectedKeys.put(f, k.isEmpty() ? List.of() : List.of(k)));
        assertThat(got).isEqualTo(expectedKeys);
    }

    @Test
    void cleanRealRunsShowNoError() throws Exception {
        List<JsonNode> rows = run(
                Main.EXIT_OK,
                "vasp",
                "check",
                "--json",
                "--config",
                "does-not-exist.yaml",
                SharedData.path("vasp_errors", "files", "OUTCAR.large_sigma_pass.gz")
                        .toString(),
                SharedData.path("vasp_outputs", "outputs", "vasprun.xml.gz").toString(),
                SharedData.path("vasp_outputs", "outputs", "OSZICAR").toString(),
                SharedData.path("vasp_outputs", "outputs", "OUTCAR.gz").toString());
        assertThat(rows).hasSize(4);
        for (JsonNode r : rows) {
            assertThat(r.get("errors").size()).as(r.toString()).isZero();
            assertThat(r.get("actions").size()).as(r.toString()).isZero();
        }
    }

    @Test
    void actionsAndUnfixableReasonsAreReported() throws Exception {
        List<JsonNode> rows = run(
                Main.EXIT_OK,
                "vasp",
                "check",
                "--json",
                "--config",
                "does-not-exist.yaml",
                SharedData.path("vasp_errors", "files", "vasp.zbrent").toString(),
                SharedData.path("vasp_errors", "files", "vasp.set_core_wf").toString());
        assertThat(rows.get(0).get("actions").toString()).contains("EDIFF = 1e-06", "NELMIN = 8");
        assertThat(rows.get(0).has("reason")).isFalse();
        assertThat(rows.get(1).get("actions").size()).isZero();
        assertThat(rows.get(1).get("reason").asText()).contains("set_core_wf", "POTCAR");
    }

    @Test
    void aRunFolderIsCheckedWithItsIncarAndTheLockNamesTheTag(@TempDir Path dir) throws Exception {
        // a run whose smearing entropy is too large, in a project that locks SIGMA
        Files.copy(SharedData.path("vasp_errors", "files", "OUTCAR.large_sigma_fail.gz"), dir.resolve("OUTCAR.gz"));
        Files.writeString(dir.resolve("INCAR"), "ISMEAR = 0\nSIGMA = 0.8\nENCUT = 520\n");
        Path conf = dir.resolve("conf.yaml");
        Files.writeString(conf, "vasp:\n  lock: [ENCUT, SIGMA]\n");
        List<JsonNode> rows = run(Main.EXIT_OK, "vasp", "check", "--json", "--config", conf.toString(), dir.toString());
        JsonNode r = rows.get(0);
        assertThat(r.get("errors").toString()).isEqualTo("[\"large_sigma\"]");
        assertThat(r.get("actions").size()).isZero();
        assertThat(r.get("locked").get(0).get("tag").asText()).isEqualTo("SIGMA");
        assertThat(r.get("reason").asText()).contains("locked", "SIGMA");
    }

    @Test
    void anUnknownFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello");
        List<JsonNode> rows =
                run(Main.EXIT_INPUT_FAILED, "vasp", "check", "--json", "--config", "x.yaml", f.toString());
        assertThat(rows.get(0).get("error").asText()).contains("notes.txt", "not a VASP run file");
    }
}
