package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Composition;
import org.xtalflow.testing.SharedData;

/**
 * The Li-Fe-O set of pymatgen's phase-diagram tests (../shared/data/mp_reference): every fact of
 * EXPECTED.json and every row of the table computed there with pymatgen 2022.11.7.
 */
class PhaseDiagramLiFeOTest {

    static List<ComputedEntry> entries;
    static PhaseDiagram pd;
    static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        Path dir = SharedData.path("mp_reference");
        entries = EntryCsv.read(dir.resolve("pd_entries_test_Li-Fe-O.csv"));
        pd = new PhaseDiagram(entries);
        expected = EntryJson.mapper()
                .readTree(dir.resolve("EXPECTED.json").toFile())
                .get("pd_entries_test_Li-Fe-O.csv");
    }

    private static JsonNode facts(String testSuffix) {
        for (JsonNode a : expected.get("asserted")) {
            if (a.get("test").asText().endsWith(testSuffix)) {
                return a.get("facts");
            }
        }
        throw new AssertionError("no EXPECTED fact " + testSuffix);
    }

    @Test
    void strOfTheDiagram() {
        // pymatgen names these PDEntries by the CSV's Name column (LiO, O): our entry ids
        assertThat(pd.summary(ComputedEntry::entryId))
                .isEqualTo(facts("test_repr / test_str").get("str(pd)").asText());
        assertThat(pd.chemicalSystem()).isEqualTo("Li-Fe-O");
    }

    @Test
    void readsAll492Rows() {
        assertThat(entries).hasSize(492);
        assertThat(pd.elements()).extracting(e -> e.symbol()).containsExactlyInAnyOrder("Li", "Fe", "O");
    }

    @Test
    void elevenStablePhasesAtTheExpectedRows() {
        Set<Integer> rows = new HashSet<>();
        expected.get("stable_entry_rows (identified here; the 11 hull vertices)")
                .forEach(n -> rows.add(n.get("row_index").asInt()));
        Set<Integer> ours = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            if (pd.isStable(entries.get(i))) {
                ours.add(i);
            }
        }
        assertThat(ours).isEqualTo(rows);
        assertThat(pd.stableEntries()).hasSize(11);
        Set<String> names = new HashSet<>();
        pd.stableEntries().forEach(e -> names.add(e.name()));
        facts("test_stable_entries")
                .get("stable reduced formulas include")
                .forEach(n -> assertThat(names).contains(n.asText()));
    }

    @Test
    void formationAndReferenceEnergiesOfStableEntries() {
        JsonNode form = facts("test_get_form_energy");
        JsonNode ref = facts("test_get_reference_energy");
        Map<String, ComputedEntry> byName = new HashMap<>();
        pd.stableEntries().forEach(e -> byName.put(e.name(), e));
        form.fieldNames().forEachRemaining(name -> {
            ComputedEntry e = byName.get(name);
            assertThat(e).as(name).isNotNull();
            assertThat(pd.formationEnergy(e)).as(name).isCloseTo(form.get(name).asDouble(), within(1e-7));
            assertThat(pd.referenceEnergy(e.composition()))
                    .as(name)
                    .isCloseTo(ref.get(name).asDouble(), within(1e-7));
        });
    }

    @Test
    void decompositionOfLi3Fe7O11() {
        Map<ComputedEntry, Double> dec = pd.decomposition(Composition.parse("Li3Fe7O11"));
        Map<String, Double> byFormula = new TreeMap<>();
        dec.forEach((e, v) -> byFormula.put(e.composition().formula(), v));
        JsonNode exp = facts("test_get_decomposition").get("decomposition of Li3Fe7O11 (amounts by entry formula)");
        assertThat(byFormula).hasSize(exp.size());
        exp.fieldNames()
                .forEachRemaining(f ->
                        assertThat(byFormula.get(f)).as(f).isCloseTo(exp.get(f).asDouble(), within(1e-9)));
    }

    @Test
    void stableEntriesHaveZeroAndEveryEntryNonNegativeEAboveHull() {
        for (ComputedEntry e : pd.stableEntries()) {
            PhaseDiagram.HullPoint p = pd.decompositionAndEAboveHull(e);
            assertThat(p.eAboveHull()).isLessThan(1e-11);
            assertThat(p.decomposition()).containsExactly(Map.entry(e, 1.0));
        }
        for (ComputedEntry e : entries) {
            assertThat(pd.eAboveHull(e)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void oneElementDiagram() {
        ComputedEntry h0 = ComputedEntry.builder(Composition.parse("H"), 0).build();
        ComputedEntry h1 = ComputedEntry.builder(Composition.parse("H"), 1).build();
        PhaseDiagram one = new PhaseDiagram(List.of(h0));
        assertThat(one.eAboveHull(h1)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void chemicalPotentialsOfFacets() {
        JsonNode f = facts("test_get_all_chempots");
        // pymatgen's chempots are absolute (eV/atom): ours are relative to the references
        Map<String, Double> refs = new HashMap<>();
        pd.references().forEach((el, e) -> refs.put(el.symbol(), e.energyPerAtom()));
        // a composition inside the Fe3O4-FeO-LiFeO2 triangle
        Map<org.xtalflow.crystal.Element, Double> mu = pd.facetChemicalPotentials(Composition.parse("Li0.1Fe3.1O4"));
        JsonNode exp = f.get("Fe3.1O4 facet Fe3O4-FeO-LiFeO2");
        mu.forEach((el, v) -> assertThat(v + refs.get(el.symbol()))
                .as(el.symbol())
                .isCloseTo(exp.get(el.symbol()).asDouble(), within(1e-7)));
    }

    /** Every row of pd_entries_test_Li-Fe-O.computed.csv (pymatgen 2022.11.7) within 1e-6 eV/atom. */
    @Test
    void everyRowOfThePymatgenTable() throws Exception {
        List<String> lines =
                Files.readAllLines(SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.computed.csv"));
        assertThat(lines).hasSize(493);
        int decompositionsChecked = 0;
        for (int r = 1; r < lines.size(); r++) {
            String[] f = lines.get(r).split(",");
            int row = Integer.parseInt(f[0]);
            ComputedEntry e = entries.get(row);
            assertThat(e.entryId()).isEqualTo(f[1]);
            assertThat(e.energy()).isEqualTo(Double.parseDouble(f[5]));
            PhaseDiagram.HullPoint p = pd.decompositionAndEAboveHull(e);
            assertThat(p.formationEnergyPerAtom())
                    .as("row %d E_f", row)
                    .isCloseTo(Double.parseDouble(f[8]), within(1e-6));
            assertThat(p.eAboveHull()).as("row %d e_above_hull", row).isCloseTo(Double.parseDouble(f[9]), within(1e-6));
            assertThat(pd.isStable(e)).as("row %d is_stable", row).isEqualTo(Boolean.parseBoolean(f[10]));
            Map<String, Double> exp = new TreeMap<>();
            for (String part : f[11].split(" \\+ ")) {
                String[] kv = part.trim().split(" ");
                exp.merge(kv[1], Double.parseDouble(kv[0]), Double::sum);
            }
            Map<String, Double> ours = new TreeMap<>();
            p.decomposition().forEach((k, v) -> ours.merge(k.name(), v, Double::sum));
            assertThat(ours.keySet())
                    .as("row %d decomposition %s vs %s", row, ours, exp)
                    .isEqualTo(exp.keySet());
            ours.forEach((k, v) -> assertThat(v).as("row %d %s", row, k).isCloseTo(exp.get(k), within(1e-6)));
            decompositionsChecked++;
        }
        assertThat(decompositionsChecked).isEqualTo(492);
    }
}
