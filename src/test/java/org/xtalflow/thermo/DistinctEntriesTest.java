package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Composition;
import org.xtalflow.testing.SharedData;

/**
 * {@link ComputedEntry#distinct} against pymatgen's EntrySet.from_csv, which keeps 490 of the 492
 * Li-Fe-O rows (test_all_entries_hulldata); the diagram of the distinct set gives the same figures.
 */
class DistinctEntriesTest {

    private static JsonNode facts(JsonNode expected, String testSuffix) {
        for (JsonNode a : expected.get("asserted")) {
            if (a.get("test").asText().endsWith(testSuffix)) {
                return a.get("facts");
            }
        }
        throw new AssertionError("no EXPECTED fact " + testSuffix);
    }

    @Test
    void liFeODistinctSetHas490EntriesAndTheSameDiagram() throws Exception {
        Path dir = SharedData.path("mp_reference");
        JsonNode expected = EntryJson.mapper()
                .readTree(dir.resolve("EXPECTED.json").toFile())
                .get("pd_entries_test_Li-Fe-O.csv");
        List<ComputedEntry> all = EntryCsv.read(dir.resolve("pd_entries_test_Li-Fe-O.csv"));
        List<ComputedEntry> distinct = ComputedEntry.distinct(all);

        assertThat(all).hasSize(492);
        assertThat(distinct)
                .hasSize(facts(expected, "test_all_entries_hulldata")
                        .get("len(all_entries_hulldata)")
                        .asInt());
        // the first occurrence is kept and the order is the file's
        assertThat(all).containsSubsequence(distinct);
        assertThat(distinct).doesNotHaveDuplicates();

        PhaseDiagram full = new PhaseDiagram(all);
        PhaseDiagram pd = new PhaseDiagram(distinct);
        assertThat(pd.summary(ComputedEntry::entryId))
                .isEqualTo(
                        facts(expected, "test_repr / test_str").get("str(pd)").asText());
        JsonNode form = facts(expected, "test_get_form_energy");
        Map<String, ComputedEntry> byName = new HashMap<>();
        pd.stableEntries().forEach(e -> byName.put(e.name(), e));
        assertThat(byName).hasSize(form.size());
        form.fieldNames()
                .forEachRemaining(name -> assertThat(pd.formationEnergy(byName.get(name)))
                        .as(name)
                        .isCloseTo(form.get(name).asDouble(), within(1e-7)));

        Map<String, Double> dec = new TreeMap<>();
        pd.decomposition(Composition.parse("Li3Fe7O11"))
                .forEach((e, v) -> dec.put(e.composition().formula(), v));
        JsonNode exp =
                facts(expected, "test_get_decomposition").get("decomposition of Li3Fe7O11 (amounts by entry formula)");
        assertThat(dec).hasSize(exp.size());
        exp.fieldNames()
                .forEachRemaining(
                        f -> assertThat(dec.get(f)).as(f).isCloseTo(exp.get(f).asDouble(), within(1e-9)));

        for (ComputedEntry e : distinct) {
            assertThat(pd.eAboveHull(e)).as(e.entryId()).isCloseTo(full.eAboveHull(e), within(1e-9));
        }
    }

    @Test
    void onlyExactDuplicatesAreDropped() {
        ComputedEntry a = ComputedEntry.builder(Composition.parse("Fe2O3"), -67.80799684)
                .entryId("x")
                .build();
        ComputedEntry same = ComputedEntry.builder(Composition.parse("Fe2O3"), -67.80799684)
                .entryId("x")
                .build();
        ComputedEntry otherEnergy = ComputedEntry.builder(Composition.parse("Fe2O3"), -67.80799685)
                .entryId("x")
                .build();
        ComputedEntry otherId = ComputedEntry.builder(Composition.parse("Fe2O3"), -67.80799684)
                .entryId("y")
                .build();
        ComputedEntry otherCell = ComputedEntry.builder(Composition.parse("Fe4O6"), -67.80799684)
                .entryId("x")
                .build();
        ComputedEntry corrected = a.toBuilder().correction(-2.0).build();
        ComputedEntry withParam = a.toBuilder()
                .parameters(JsonNodeFactory.instance.objectNode().put("run_type", "GGA"))
                .build();
        ComputedEntry withU = a.toBuilder().hubbards(Map.of("Fe", 5.3)).build();

        assertThat(ComputedEntry.distinct(List.of(a, same))).containsExactly(a);
        assertThat(ComputedEntry.distinct(
                        List.of(a, otherEnergy, otherId, otherCell, corrected, withParam, withU, same)))
                .containsExactly(a, otherEnergy, otherId, otherCell, corrected, withParam, withU);
    }
}
