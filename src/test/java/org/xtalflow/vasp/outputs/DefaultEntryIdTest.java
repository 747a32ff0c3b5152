package org.xtalflow.vasp.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.xtalflow.testing.Pymatgen;
import org.xtalflow.testing.SharedData;

/**
 * pymatgen's default get_computed_entry().entry_id (test_standard): generator date, generator
 * time as pymatgen types it, md5 of str(final_structure).
 */
class DefaultEntryIdTest {

    @Test
    void entryIdTokensAsPymatgen() throws Exception {
        JsonNode facts = null;
        for (JsonNode a : new ObjectMapper()
                .readTree(SharedData.path("vasp_outputs", "EXPECTED.json").toFile())
                .get("files")
                .get("outputs/vasprun.xml.gz")
                .get("asserted")) {
            if (a.get("facts").has("get_computed_entry().entry_id tokens (split on '-')")) {
                facts = a.get("facts");
            }
        }
        assertThat(facts).isNotNull();
        List<String> tokens = new ArrayList<>();
        facts.get("get_computed_entry().entry_id tokens (split on '-')").forEach(t -> tokens.add(t.asText()));
        Vasprun v = Vasprun.read(SharedData.path("vasp_outputs", "outputs/vasprun.xml.gz"));
        assertThat(v.defaultEntryId().split("-")).containsExactlyElementsOf(tokens);
    }

    @Test
    void structureTextAsPymatgensStr() throws Exception {
        Vasprun v = Vasprun.read(SharedData.path("vasp_outputs", "outputs/vasprun.xml.gz"));
        String text = PymatgenStructureText.of(v.finalStructure());
        // lines of Debian pymatgen 2022.11.7's str(Vasprun(...).final_structure) for this file
        assertThat(text)
                .startsWith("Full Formula (Li1 Fe4 P4 O16)\nReduced Formula: LiFe4(PO4)4\n"
                        + "abc   :   9.972225   5.898801   4.808267\nangles:  89.831116  88.796565  90.175892\n"
                        + "pbc   :       True       True       True\nSites (25)\n"
                        + "  #  SP           a          b          c\n---  ----  --------  ---------  ---------\n"
                        + "  0  Li    0.001221  -0.001541  -0.002159\n");
        assertThat(text)
                .contains("\n  7  P     0.59751    0.248179   0.091375\n")
                .endsWith("\n 24  O     0.948113   0.247186   0.3428");
    }

    @Test
    void pythonGeneralFormat() {
        assertThat(PymatgenStructureText.pyG(0.597510)).isEqualTo("0.59751");
        assertThat(PymatgenStructureText.pyG(0.000012)).isEqualTo("1.2e-05");
        assertThat(PymatgenStructureText.pyG(1.0)).isEqualTo("1");
        assertThat(PymatgenStructureText.pyG(-0.0)).isEqualTo("-0");
        assertThat(PymatgenStructureText.pyG(12.3456789)).isEqualTo("12.3457");
        assertThat(PymatgenStructureText.pyG(1234567.0)).isEqualTo("1.23457e+06");
    }

    @Test
    void structureHashAgreesWithDebianPymatgenOnEveryVasprun() throws Exception {
        List<String> files = new ArrayList<>();
        for (String f : List.of(
                "vasprun.xml.gz", "vasprun.unconverged.xml.gz", "vasprun.etest1.xml.gz", "vasprun.etest3.xml.gz")) {
            files.add(SharedData.path("vasp_outputs", "outputs/" + f).toString());
        }
        Path script = Path.of(Objects.requireNonNull(getClass().getResource("/xtalflow/vasp/pymatgen_structure_md5.py"))
                .toURI());
        List<String> py = Pymatgen.run(script.toString(), files.toArray(String[]::new));
        assertThat(py).hasSize(files.size());
        for (String line : py) {
            String[] f = line.split("\t");
            String id = Vasprun.read(Path.of(f[1])).defaultEntryId();
            assertThat(id.substring(id.lastIndexOf('-') + 1)).as(f[1]).isEqualTo(f[0]);
        }
    }
}
