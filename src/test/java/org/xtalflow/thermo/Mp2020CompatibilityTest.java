package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;

/** MP2020 corrections against the values pymatgen's test_compatibility.py asserts (EXPECTED.json). */
class Mp2020CompatibilityTest {

    private final Mp2020Compatibility compat = new Mp2020Compatibility();

    static ComputedEntry entry(String formula, String runType, Map<String, Double> u, String... potcars) {
        return ComputedEntry.builder(Composition.parse(formula), -1)
                .entryId("test-" + formula)
                .runType(runType)
                .hubbards(u)
                .potcarSymbols(List.of(potcars))
                .build();
    }

    @Test
    void fe2o3GgaU() {
        ComputedEntry e = compat.process(entry("Fe2O3", "GGA+U", Map.of("Fe", 5.3), "Fe_pv", "O"));
        assertThat(e.correction()).isCloseTo(-2.256 * 2 - 0.687 * 3, within(1e-9));
        assertThat(e.correction()).isCloseTo(-6.573, within(1e-9));
        assertThat(e.energy()).isCloseTo(-1 - 6.573, within(1e-9));
        assertThat(e.adjustments())
                .extracting(EnergyAdjustment::name)
                .containsExactly("MP2020 anion correction (oxide)", "MP2020 GGA/GGA+U mixing correction (Fe)");
    }

    @Test
    void fef3GgaU() {
        ComputedEntry e = compat.process(entry("FeF3", "GGA+U", Map.of("Fe", 5.3), "Fe_pv", "F"));
        assertThat(e.correction()).isCloseTo(-3.642, within(1e-9));
    }

    @Test
    void fesGga() {
        assertThat(compat.process(entry("FeS", "GGA", Map.of(), "Fe_pv", "S")).correction())
                .isCloseTo(-0.503, within(1e-9));
    }

    @Test
    void oxidationStateGuessCases() {
        assertThat(compat.process(entry("Ga3Te", "GGA", Map.of(), "Ga_d", "Te")).correction())
                .isCloseTo(-0.422, within(1e-9));
        assertThat(compat.process(entry("Mo2Cl8O", "GGA+U", Map.of("Mo", 4.38), "Mo_pv", "Cl", "O"))
                        .correction())
                .isCloseTo(-12.003, within(1e-9));
        assertThat(compat.process(entry("C8N4Cl4", "GGA", Map.of(), "C", "N", "Cl"))
                        .correction())
                .isCloseTo(-3.9, within(1e-9));
    }

    @Test
    void siliconIsAnAnionOnlyWhenMostElectronegative() {
        assertThat(compat.process(entry("Ca2Si2", "GGA", Map.of(), "Ca_sv", "Si"))
                        .correction())
                .isCloseTo(0.142, within(1e-9));
        assertThat(compat.process(entry("Si2O4", "GGA", Map.of(), "Si", "O")).correction())
                .isCloseTo(-2.748, within(1e-9));
    }

    @Test
    void refusesWrongRunTypesAndUValues() {
        // Fe2O3 in plain GGA: the mixing scheme needs GGA+U for Fe oxides
        assertThatThrownBy(() -> compat.process(entry("Fe2O3", "GGA", Map.of(), "Fe_pv", "O")))
                .isInstanceOf(CompatibilityException.class)
                .hasMessageContaining("U on Fe is 0.00 eV")
                .hasMessageContaining("5.30");
        // compat_type GGA refuses GGA+U
        assertThatThrownBy(() -> new Mp2020Compatibility(false)
                        .process(entry("Fe2O3", "GGA+U", Map.of("Fe", 5.3), "Fe_pv", "O")))
                .isInstanceOf(CompatibilityException.class);
        assertThatThrownBy(() -> compat.process(entry("Fe2O3", "r2SCAN", Map.of(), "Fe_pv", "O")))
                .isInstanceOf(CompatibilityException.class)
                .hasMessageContaining("run type r2SCAN");
        assertThatThrownBy(() -> compat.process(entry("Fe2O3", "GGA+U", Map.of("Fe", 5.3), "Fe", "O")))
                .isInstanceOf(CompatibilityException.class)
                .hasMessageContaining("POTCAR");
        Mp2020Compatibility.Processed p = compat.processAll(List.of(
                entry("Fe2O3", "GGA+U", Map.of("Fe", 5.3), "Fe_pv", "O"),
                entry("Fe2O3", "GGA", Map.of(), "Fe_pv", "O")));
        assertThat(p.accepted()).hasSize(1);
        assertThat(p.refused()).hasSize(1);
    }

    @Test
    void elementsGetNothingAndOldCorrectionsAreReplaced() {
        ComputedEntry fe = ComputedEntry.builder(Composition.parse("Fe2"), -16)
                .runType("GGA")
                .correction(-5)
                .build();
        assertThat(compat.process(fe).correction()).isZero();
    }

    @Test
    void mixingGgaAndGgaUWithoutTheSchemeIsRefused() {
        List<ComputedEntry> mixed = List.of(
                entry("FeS", "GGA", Map.of(), "Fe_pv", "S"), entry("Fe2O3", "GGA+U", Map.of("Fe", 5.3), "Fe_pv", "O"));
        assertThatThrownBy(() -> Mp2020Compatibility.requireSingleRunType(mixed))
                .isInstanceOf(IncompatibleEntriesException.class)
                .hasMessageContaining("--correction mp2020");
        Mp2020Compatibility.requireSingleRunType(mixed.subList(0, 1));
    }

    @Test
    void oxideTypeFromData() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("oxide_type", "peroxide");
        ComputedEntry e = entry("Li2O2", "GGA", Map.of(), "Li_sv", "O").toBuilder()
                .data(data)
                .build();
        assertThat(compat.process(e).correction()).isCloseTo(-0.465 * 2, within(1e-9));
        // without data or structure, pymatgen's formula lists
        assertThat(compat.process(entry("KO2", "GGA", Map.of(), "K_sv", "O")).correction())
                .isCloseTo(-0.161 * 2, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({
        "mp-841,Li2O2,peroxide",
        "mp-2340,Na2O2,peroxide",
        "mp-1105,BaO2,peroxide",
        "mp-1866,KO2,superoxide",
        "mp-1901,NaO2,superoxide",
        "mp-19770,Fe2O3,oxide",
        "mp-7000,SiO2,oxide",
        "mp-4556,Li2SO4,oxide"
    })
    void oxideTypeFromRealStructures(String id, String formula, String type) {
        Structure s = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", id + ".cif"));
        assertThat(s.composition().reducedFormula()).isEqualTo(formula);
        assertThat(AnionTypes.oxideType(s, 1.05).type()).isEqualTo(type);
    }

    @ParameterizedTest
    // marcasite FeS2: each S has 3 Fe and 1 S nearest, mean X below S, so pymatgen's rule says sulfide
    @CsvSource({"mp-505531,FeS,sulfide", "mp-1522,FeS2,sulfide", "mp-4556,Li2SO4,sulfate", "mp-3164,BaSO4,sulfate"})
    void sulfideTypeFromRealStructures(String id, String formula, String type) {
        Structure s = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", id + ".cif"));
        assertThat(s.composition().reducedFormula()).isEqualTo(formula);
        assertThat(AnionTypes.sulfideType(s)).isEqualTo(type);
    }

    @Test
    void structureDrivesTheCorrection() {
        Structure s = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", "mp-841.cif"));
        ComputedEntry e = ComputedEntry.builder(s, -40)
                .runType("GGA")
                .potcarSymbols(List.of("Li_sv", "O"))
                .build();
        assertThat(compat.process(e).correction())
                .isCloseTo(-0.465 * s.composition().get("O"), within(1e-9));
        // a sulfate gets the oxide correction and no sulfide correction
        Structure so4 = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", "mp-3164.cif"));
        ComputedEntry b = ComputedEntry.builder(so4, -100).runType("GGA").build();
        assertThat(compat.process(b).correction())
                .isCloseTo(-0.687 * so4.composition().get("O"), within(1e-9));
    }

    @Test
    void oxidationStateGuesses() {
        assertThat(OxidationStateGuess.guess(Composition.parse("Fe2O3")))
                .containsEntry(Element.of("Fe"), 3.0)
                .containsEntry(Element.of("O"), -2.0);
        assertThat(OxidationStateGuess.guess(Composition.parse("Ga3Te"))).isEmpty();
        assertThat(OxidationStateGuess.guess(Composition.parse("CaSi"))).isEmpty();
        assertThat(OxidationStateGuess.guess(Composition.parse("C2NCl")).get(Element.of("N")))
                .isEqualTo(-3.0);
    }
}
