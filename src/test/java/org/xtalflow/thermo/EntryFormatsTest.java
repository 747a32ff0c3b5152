package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;

class EntryFormatsTest {

    @TempDir
    Path tmp;

    @Test
    void bundledReferencesAreTheMp20230207Set() throws Exception {
        ElementalReferences refs = ElementalReferences.bundled();
        assertThat(refs.entries()).hasSize(89);
        JsonNode ex = EntryJson.mapper()
                .readTree(SharedData.path("mp_reference", "EXPECTED.json").toFile())
                .get("mp_elemental_reference_entries_2023-02-07.json")
                .get("examples_eV_per_atom");
        ex.fieldNames().forEachRemaining(k -> {
            String sym = k.substring(0, k.indexOf(' '));
            String id = k.substring(k.indexOf('(') + 1, k.indexOf(')'));
            ComputedEntry e = refs.get(Element.of(sym));
            assertThat(e.energyPerAtom()).as(k).isCloseTo(ex.get(k).asDouble(), within(1e-9));
            assertThat(e.data().path("material_id").asText()).isEqualTo(id);
            assertThat(e.runType()).isEqualTo("GGA");
        });
        // the bundled copy is byte-identical to the shared data it came from
        byte[] bundled;
        try (var in = ElementalReferences.class.getResourceAsStream(ElementalReferences.BUNDLED)) {
            bundled = in.readAllBytes();
        }
        assertThat(bundled)
                .isEqualTo(Files.readAllBytes(
                        SharedData.path("mp_reference", "mp_elemental_reference_entries_2023-02-07.json")));
    }

    @Test
    void referencesFromAUserFile() throws Exception {
        Path f = tmp.resolve("refs.csv");
        Files.writeString(f, "entry_id,formula,energy_eV\nmine-Li,Li2,-4\nmine-Li-b,Li,-1.5\nmine-O,O2,-9.8\n");
        ElementalReferences r = ElementalReferences.load(f);
        assertThat(r.get(Element.of("Li")).entryId()).isEqualTo("mine-Li");
        assertThat(r.get(Element.of("O")).energyPerAtom()).isEqualTo(-4.9);
        Files.writeString(f, "entry_id,formula,energy_eV\nbad,Li2O,-14\n");
        assertThatThrownBy(() -> ElementalReferences.load(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a pure element");
        List<ComputedEntry> only =
                List.of(ComputedEntry.builder(Composition.parse("Li2O"), -14).build());
        assertThatThrownBy(() -> ElementalReferences.of(List.of(r.get(Element.of("Li"))), "x")
                        .completing(only))
                .hasMessageContaining("no elemental reference for O");
    }

    @Test
    void jsonRoundTripKeepsEverything() throws Exception {
        Structure s = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", "mp-19770.cif"));
        ComputedEntry e = new Mp2020Compatibility()
                .process(ComputedEntry.builder(s, -68.5)
                        .entryId("mp-19770-GGA+U")
                        .runType("GGA+U")
                        .hubbards(Map.of("Fe", 5.3))
                        .potcarSymbols(List.of("Fe_pv", "O"))
                        .build());
        ComputedEntry plain = ComputedEntry.builder(Composition.parse("FeS"), -12)
                .entryId("x")
                .runType("GGA")
                .correction(-0.5)
                .build();
        Path f = tmp.resolve("e.json");
        EntryJson.write(List.of(e, plain), f);
        List<ComputedEntry> back = EntryJson.read(f);
        assertThat(back).hasSize(2);
        ComputedEntry b = back.get(0);
        assertThat(b.entryId()).isEqualTo("mp-19770-GGA+U");
        assertThat(b.uncorrectedEnergy()).isEqualTo(-68.5);
        assertThat(b.correction()).isCloseTo(e.correction(), within(1e-12));
        assertThat(b.adjustments()).hasSize(2);
        assertThat(b.adjustments().get(0).adjPerAtom()).isEqualTo(-0.687);
        assertThat(b.hubbards()).containsEntry("Fe", 5.3);
        assertThat(b.runType()).isEqualTo("GGA+U");
        assertThat(b.potcarSymbols()).containsExactly("Fe_pv", "O");
        assertThat(b.structure().size()).isEqualTo(s.size());
        assertThat(b.structure().lattice().volume()).isCloseTo(s.lattice().volume(), within(1e-9));
        assertThat(b.composition().almostEquals(s.composition(), 1e-9)).isTrue();
        assertThat(back.get(1).correction()).isEqualTo(-0.5);
        JsonNode raw = EntryJson.mapper().readTree(f.toFile());
        assertThat(raw.get(0).get("@class").asText()).isEqualTo("ComputedStructureEntry");
        assertThat(raw.get(1).get("@class").asText()).isEqualTo("ComputedEntry");
        assertThat(raw.get(0).get("energy_adjustments").get(0).get("@class").asText())
                .isEqualTo("CompositionEnergyAdjustment");
    }

    @Test
    void csvRoundTripAndPymatgenLayout() throws Exception {
        ComputedEntry e = ComputedEntry.builder(Composition.parse("Fe2O3"), -68.5)
                .entryId("a,b")
                .runType("GGA+U")
                .hubbards(Map.of("Fe", 5.3))
                .potcarSymbols(List.of("Fe_pv", "O"))
                .correction(-6.573)
                .build();
        Path f = tmp.resolve("e.csv");
        EntryCsv.write(List.of(e), f);
        ComputedEntry b = EntryCsv.readAny(f).get(0);
        assertThat(b.entryId()).isEqualTo("a,b");
        assertThat(b.energy()).isCloseTo(-68.5 - 6.573, within(1e-12));
        assertThat(b.hubbards()).isEqualTo(Map.of("Fe", 5.3));
        assertThat(b.potcarSymbols()).containsExactly("Fe_pv", "O");
        List<ComputedEntry> pm = EntryCsv.read(SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv"));
        assertThat(pm.get(0).composition().formula()).isEqualTo("Fe4 O6");
        assertThat(pm.get(0).energy()).isEqualTo(-67.80799684);
    }

    @Test
    void badInputsNameFileAndLine() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "entry_id,formula,energy_eV\nok,Fe,-8\nbad,Fe2O3,abc\n");
        assertThatThrownBy(() -> EntryCsv.read(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.csv:3")
                .hasMessageContaining("energy_eV is not a finite number");
        Files.writeString(f, "entry_id,formula,energy_eV\nx,Xx2O3,-8\n");
        assertThatThrownBy(() -> EntryCsv.read(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.csv:2");
        Files.writeString(f, "what,ever\n1,2\n");
        assertThatThrownBy(() -> EntryCsv.read(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown CSV header");
        Path j = tmp.resolve("bad.json");
        Files.writeString(j, "[{\"@class\": \"ComputedEntry\", \"composition\": {\"Fe\": 1}}]");
        assertThatThrownBy(() -> EntryJson.read(j))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("[0]")
                .hasMessageContaining("energy");
        Files.writeString(j, "[{\"energy\": -1, \"composition\": {\"Fe\": 1}, ");
        assertThatThrownBy(() -> EntryJson.read(j))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid JSON");
        Files.writeString(j, "[{\"energy\": NaN, \"composition\": {\"Fe\": 1}}]");
        assertThatThrownBy(() -> EntryJson.read(j))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("non-finite");
        // found by EntryJsonFuzz: 'sites' an object, or a site that is not an object (was a NullPointerException)
        String lattice = "\"lattice\": {\"matrix\": [[3,0,0],[0,3,0],[0,0,3]]}";
        Files.writeString(j, "{\"energy\": -5, \"structure\": {" + lattice + ", \"sites\": {\"a\": 1}}}");
        assertThatThrownBy(() -> EntryJson.read(j))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("structure.sites must be a list of sites, got OBJECT");
        Files.writeString(j, "{\"energy\": -5, \"structure\": {" + lattice + ", \"sites\": [7]}}");
        assertThatThrownBy(() -> EntryJson.read(j))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("structure site 0 must be an object, got NUMBER");
        Files.writeString(j, "");
        assertThatThrownBy(() -> EntryCsv.readAny(j))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void hullStatistics() {
        HullStatistics st = HullStatistics.of(new double[] {-1, -0.5, 0.2, -0.1}, new double[] {0, 0.05, 0.3, 0.2});
        assertThat(st.count()).isEqualTo(4);
        assertThat(st.formationBelow0()).isEqualTo(3);
        assertThat(st.onHull()).isEqualTo(1);
        assertThat(st.hullBelow0p1()).isEqualTo(2);
        assertThat(st.hullBelow0p25()).isEqualTo(3);
        assertThat(st.share(st.hullBelow0p25())).isEqualTo(0.75);
        int total = 0;
        for (int c : st.eAboveHull().counts()) {
            total += c;
        }
        assertThat(total).isEqualTo(4);
        assertThat(st.eAboveHull().counts()[0]).isEqualTo(1); // [0, 0.05)
        assertThat(st.eAboveHull().counts()[1]).isEqualTo(1); // [0.05, 0.1)
    }
}
