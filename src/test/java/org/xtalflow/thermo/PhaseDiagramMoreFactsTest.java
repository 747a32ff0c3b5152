package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.testing.SharedData;

/** Further EXPECTED.json facts of pymatgen's phase-diagram tests: grand potential, phase separation, facets. */
class PhaseDiagramMoreFactsTest {

    static List<ComputedEntry> entries;
    static PhaseDiagram pd;
    static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        entries = EntryCsv.read(SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv"));
        pd = new PhaseDiagram(entries);
        expected = EntryJson.mapper()
                .readTree(SharedData.path("mp_reference", "EXPECTED.json").toFile())
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

    static ComputedEntry e(String formula, double energy) {
        return ComputedEntry.builder(Composition.parse(formula), energy)
                .entryId(formula)
                .build();
    }

    @Test
    void phaseSeparationEnergyOfTheToyDiagram() {
        JsonNode f = facts("test_get_phase_separation_energy")
                .get("toy PD {Li:0, Li2O:-5, LiO2:-4, O2:0} (PDEntry energies, eV per formula)");
        ComputedEntry li2o = e("Li2O", -5);
        PhaseDiagram toy = new PhaseDiagram(List.of(e("Li", 0), li2o, e("LiO2", -4), e("O2", 0)));
        assertThat(toy.phaseSeparationEnergy(li2o))
                .isCloseTo(f.get("phase_separation_energy(Li2O, -5)").asDouble(), within(1e-12));
        assertThat(toy.phaseSeparationEnergy(e("Li2O", -4)))
                .isCloseTo(f.get("phase_separation_energy(Li2O polymorph, -4)").asDouble(), within(1e-12));
    }

    @Test
    void grandPotentialDiagramOpenToOxygen() {
        JsonNode f = facts("TestGrandPotentialPhaseDiagram");
        Element o = Element.of("O");
        GrandPotentialPhaseDiagram g5 = new GrandPotentialPhaseDiagram(entries, Map.of(o, -5.0));
        Set<String> names = new HashSet<>();
        g5.stableEntries().forEach(x -> names.add(x.name()));
        f.get("mu_O=-5 stable include").forEach(n -> assertThat(names).contains(n.asText()));
        Map<String, ComputedEntry> byName = new HashMap<>();
        g5.stableEntries().forEach(x -> byName.put(x.name(), x));
        JsonNode fe = f.get("mu_O=-5 formation energies (grand potential, eV per entry)");
        fe.fieldNames()
                .forEachRemaining(n -> assertThat(g5.formationEnergy(byName.get(n)))
                        .as(n)
                        .isCloseTo(fe.get(n).asDouble(), within(1e-7)));
        GrandPotentialPhaseDiagram g6 = new GrandPotentialPhaseDiagram(entries, Map.of(o, -6.0));
        assertThat(g6.stableEntries())
                .hasSize(f.get("mu_O=-6: number of stable entries").asInt());
    }

    @Test
    void chemicalPotentialsOfTheFeoFeLiFeO2Facet() {
        JsonNode exp = facts("test_get_all_chempots").get("FeO facet FeO-LiFeO2-Fe");
        Map<Element, Double> mu = pd.facetChemicalPotentials(Composition.parse("LiFe7O4")); // centroid of the triangle
        mu.forEach((el, v) -> assertThat(v + pd.references().get(el).energyPerAtom())
                .as(el.symbol())
                .isCloseTo(exp.get(el.symbol()).asDouble(), within(1e-7)));
    }

    @Test
    void compoundDiagramBetweenLi2OAndFe2O3() {
        JsonNode f = facts("TestCompoundPhaseDiagram (terminal compositions Li2O, Fe2O3)");
        CompoundPhaseDiagram c =
                new CompoundPhaseDiagram(entries, List.of(Composition.parse("Li2O"), Composition.parse("Fe2O3")));
        Set<String> names = new HashSet<>();
        c.stableEntries().forEach(x -> names.add(x.name()));
        assertThat(names)
                .containsExactlyInAnyOrder("LiFeO2", "Li2O", "Li5FeO4", "Fe2O3"); // "4 stable phases" in its str
        assertThat(f.get("str").asText()).contains("4 stable phases").contains("LiFeO2, Li2O, Li5FeO4, Fe2O3");
        Map<String, ComputedEntry> byName = new HashMap<>();
        c.stableEntries().forEach(x -> byName.put(x.name(), x));
        JsonNode fe = f.get("formation energies");
        fe.fieldNames()
                .forEachRemaining(n -> assertThat(c.formationEnergy(byName.get(n)))
                        .as(n)
                        .isCloseTo(fe.get(n).asDouble(), within(1e-7)));
        assertThat(c.terminalLabel(1)).isEqualTo("Xg");
    }

    @Test
    void elementProfileOfOxygenForLi2O() {
        JsonNode exp = facts("test_get_element_profile").get("element profile of O for Li2O");
        List<PhaseDiagram.ProfileStep> prof = pd.elementProfile(Element.of("O"), Composition.parse("Li2O"));
        assertThat(prof).hasSize(exp.size());
        String[] phases = {"Li2O2", "Li2O", "Li"};
        for (int i = 0; i < exp.size(); i++) {
            assertThat(prof.get(i).chemicalPotential())
                    .as("step %d", i)
                    .isCloseTo(exp.get(i).get("chempot").asDouble(), within(1e-7));
            assertThat(prof.get(i).evolution())
                    .as("step %d", i)
                    .isCloseTo(exp.get(i).get("evolution").asDouble(), within(1e-9));
            assertThat(prof.get(i).decomposition().keySet())
                    .extracting(ComputedEntry::name)
                    .containsExactly(phases[i]);
        }
    }

    @Test
    void criticalCompositions() {
        JsonNode f = facts("test_get_critical_compositions");
        // "Fe2O3 -> Li2O": Fe2O3, LiFeO2, Li5FeO4/3, Li2O
        List<Composition> a = pd.criticalCompositions(Composition.parse("Fe2O3"), Composition.parse("Li2O"));
        assertThat(f.get("Fe2O3 -> Li2O")).hasSize(4);
        assertThat(a).hasSize(4);
        assertThat(a.get(0).almostEquals(Composition.parse("Fe2O3"), 1e-9)).isTrue();
        assertThat(a.get(1).almostEquals(Composition.parse("LiFeO2"), 1e-9))
                .as("%s", a.get(1))
                .isTrue();
        assertThat(a.get(2).almostEquals(Composition.parse("Li1.6666666667Fe0.3333333333O1.3333333333"), 1e-8))
                .as("Li5FeO4/3: %s", a.get(2))
                .isTrue();
        assertThat(a.get(3).almostEquals(Composition.parse("Li2O"), 1e-9)).isTrue();
        // "Fe2O3 -> Li3FeO4": Fe2O3, 7.4 x Li0.3243244Fe0.1621621O0.51351349, Li3FeO4
        List<Composition> b = pd.criticalCompositions(Composition.parse("Fe2O3"), Composition.parse("Li3FeO4"));
        assertThat(f.get("Fe2O3 -> Li3FeO4")).hasSize(3);
        assertThat(b).hasSize(3);
        assertThat(b.get(1).almostEquals(Composition.parse("Li2.4Fe1.2O3.8"), 1e-6))
                .as("%s", b.get(1))
                .isTrue();
        assertThat(b.get(1).fractionalComposition().get("Li")).isCloseTo(0.3243244, within(1e-6));
    }

    @Test
    void stabilityRegionOfLiFeO2() {
        ComputedEntry lifeo2 = pd.stableEntries().stream()
                .filter(x -> x.name().equals("LiFeO2"))
                .findFirst()
                .orElseThrow();
        StabilityRegion region = new StabilityRegion(pd, lifeo2);
        Element li = Element.of("Li");
        Element fe = Element.of("Fe");
        Element o = Element.of("O");
        // pymatgen, open element O: O's range, and Li and Fe at the vertex of lowest mu_O
        JsonNode r = facts("test_getmu_range_stability_phase").get("LiFeO2 stability range, open element O");
        assertThat(region.ranges().get(o)[1]).isCloseTo(r.get("O max").asDouble(), within(1e-7));
        Map<Element, Double> atOMin = region.extreme(o, false);
        assertThat(atOMin.get(li)).isCloseTo(r.get("Li min").asDouble(), within(1e-7));
        assertThat(atOMin.get(fe)).isCloseTo(r.get("Fe min").asDouble(), within(1e-6));
        // "6 vertices, one of them mu_O=-7.115, mu_Fe=-6.596, mu_Li=-3.931 (+-0.01)"
        List<Map<Element, Double>> v = region.vertices();
        assertThat(v).hasSize(6);
        assertThat(v).anySatisfy(m -> {
            assertThat(m.get(o)).isCloseTo(-7.115, within(0.01));
            assertThat(m.get(fe)).isCloseTo(-6.596, within(0.01));
            assertThat(m.get(li)).isCloseTo(-3.931, within(0.01));
        });
        for (Map<Element, Double> m : v) { // every vertex keeps LiFeO2 on its plane
            double e = m.get(li) + m.get(fe) + 2 * m.get(o);
            assertThat(e).isCloseTo(lifeo2.energy(), within(1e-7));
        }
    }
}
