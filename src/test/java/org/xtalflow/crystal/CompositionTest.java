package org.xtalflow.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.testing.SharedData;

class CompositionTest {

    /** Every row of the pymatgen fixture (scripts/reference/crystal_fixtures.py). */
    @Test
    void stringFormsEqualPymatgens() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int rows = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/crystal/pymatgen_compositions.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                Composition comp = Composition.parse(c[0]);
                check(mismatches, c[0], "reduced_formula", c[1], comp.reducedFormula());
                check(mismatches, c[0], "anonymized_formula", c[2], comp.anonymizedFormula());
                check(mismatches, c[0], "chemical_system", c[3], comp.chemicalSystem());
                check(mismatches, c[0], "formula", c[4], comp.formula());
                assertThat(comp.numAtoms()).isCloseTo(Double.parseDouble(c[5]), within(1e-9));
                assertThat(comp.weight()).as(c[0]).isCloseTo(Double.parseDouble(c[6]), within(1e-6));
                rows++;
            }
        }
        assertThat(rows).isGreaterThan(40);
        assertThat(mismatches).isEmpty();
    }

    private static void check(List<String> out, String in, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            out.add(in + " " + what + ": pymatgen " + expected + ", ours " + actual);
        }
    }

    /** The 5,557 index formulas are pymatgen reduced formulas: reducing them again must be the identity. */
    @Test
    void everyGroundStateFormulaIsAFixedPointOfReduction() throws Exception {
        List<String> lines = Files.readAllLines(SharedData.path("mp_groundstates", "index.csv"));
        List<String> bad = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String f = line.split(",")[1];
            String again = Composition.parse(f).reducedFormula();
            if (!again.equals(f)) {
                bad.add(f + " -> " + again);
            }
        }
        assertThat(lines).hasSize(5558);
        assertThat(bad).isEmpty();
    }

    @Test
    void parsesParenthesesBracketsSpacesAndFractions() {
        Composition c = Composition.parse("Ca3(PO4)2");
        assertThat(c.get("O")).isEqualTo(8.0);
        assertThat(Composition.parse("Fe2 O3")).isEqualTo(Composition.parse("Fe2O3"));
        assertThat(Composition.parse("[Co(NH3)6]Cl3").get("H")).isEqualTo(18.0);
        assertThat(Composition.parse("Li0.25FeO2").get("Li")).isEqualTo(0.25);
        assertThat(Composition.parse("Fe2O3").atomicFraction(Element.of("O"))).isCloseTo(0.6, within(1e-12));
        assertThat(Composition.parse("Fe8O12").reducedFactor()).isEqualTo(4.0);
    }

    @Test
    void rejectsBadFormulasWithThePosition() {
        assertThatThrownBy(() -> Composition.parse("Xx2O"))
                .isInstanceOf(FormulaException.class)
                .hasMessageContaining("unknown element 'Xx'")
                .hasMessageContaining("position 1");
        assertThatThrownBy(() -> Composition.parse("Fe2(O3"))
                .isInstanceOf(FormulaException.class)
                .hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> Composition.parse("")).isInstanceOf(FormulaException.class);
        assertThatThrownBy(() -> Composition.parse("Fe2$O"))
                .isInstanceOf(FormulaException.class)
                .hasMessageContaining("'$'");
    }
}
