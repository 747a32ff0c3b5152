package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.testing.SharedData;

/**
 * Reference sets with competing compounds: a hull of new entries against elements and known
 * compounds equals pymatgen's PhaseDiagram over all of them (the Li-Fe-O set of pymatgen's tests,
 * split into "known" and "new"; and live pymatgen with MP2020 corrections).
 */
class ReferenceSetTest {

    @TempDir
    Path tmp;

    static List<ComputedEntry> liFeO;
    static List<String[]> computed;

    @BeforeAll
    static void load() throws Exception {
        Path dir = SharedData.path("mp_reference");
        liFeO = EntryCsv.read(dir.resolve("pd_entries_test_Li-Fe-O.csv"));
        computed = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("pd_entries_test_Li-Fe-O.computed.csv"));
        for (String l : lines.subList(1, lines.size())) {
            computed.add(EntryCsv.split(l, "computed", 0).toArray(String[]::new));
        }
        assertThat(computed).hasSize(liFeO.size());
    }

    /**
     * Elements and every second compound as the reference file, the others as new entries: each
     * new entry's E_above_hull is pymatgen's over the whole set (pymatgen 2022.11.7, the computed
     * table of ../shared/data/mp_reference), and elements alone give lower bounds.
     */
    @Test
    void knownCompoundsCompeteAsInPymatgensWholeDiagram() throws Exception {
        List<ComputedEntry> known = new ArrayList<>();
        List<ComputedEntry> fresh = new ArrayList<>();
        List<Integer> freshRows = new ArrayList<>();
        for (int i = 0; i < liFeO.size(); i++) {
            ComputedEntry e = liFeO.get(i).toBuilder().entryId("row" + i).build();
            if (e.composition().numElements() == 1 || i % 2 == 0) {
                known.add(e);
            } else {
                fresh.add(e);
                freshRows.add(i);
            }
        }
        Path refs = tmp.resolve("known.csv");
        EntryCsv.write(known, refs);
        ReferenceSet set = ReferenceSet.load(refs);
        long knownCompounds =
                known.stream().filter(e -> e.composition().numElements() > 1).count();
        assertThat(set.compounds()).hasSize((int) knownCompounds);
        assertThat(set.describe()).isEqualTo(refs + ": 3 elements, " + knownCompounds + " compounds");

        HullAnalysis.Result full = new HullAnalysis(HullAnalysis.Correction.NONE, set).analyze(fresh);
        HullAnalysis.Result elementsOnly =
                new HullAnalysis(HullAnalysis.Correction.NONE, set.elemental()).analyze(fresh);
        assertThat(full.competingAdded()).hasSize((int) knownCompounds);
        assertThat(elementsOnly.competingAdded()).isEmpty();
        int raised = 0;
        for (int k = 0; k < fresh.size(); k++) {
            String[] row = computed.get(freshRows.get(k));
            HullAnalysis.Row r = full.rows().get(k);
            assertThat(r.input().entryId()).isEqualTo("row" + freshRows.get(k));
            assertThat(r.hull().eAboveHull())
                    .as(row[1] + " row " + row[0])
                    .isCloseTo(Double.parseDouble(row[9]), within(1e-9));
            assertThat(r.hull().formationEnergyPerAtom()).isCloseTo(Double.parseDouble(row[8]), within(1e-9));
            double lower = elementsOnly.rows().get(k).hull().eAboveHull();
            assertThat(lower).isLessThanOrEqualTo(r.hull().eAboveHull() + 1e-12);
            if (r.hull().eAboveHull() > lower + 1e-6) {
                raised++;
            }
        }
        assertThat(raised)
                .as("entries whose E_above_hull rises once known compounds compete")
                .isPositive();
        assertThat(full.phaseDiagram().stableEntries()).hasSize(11); // pymatgen's 11 stable phases
    }

    @Test
    void onlyCompoundsInsideTheSystemJoin() throws Exception {
        Path refs = tmp.resolve("r.csv");
        Files.writeString(refs, """
                entry_id,formula,energy_eV
                Li,Li,-1.9
                O,O2,-9.8
                Ba,Ba,-1.9
                Li2O-known,Li2O,-14.3
                BaO-known,BaO,-11.8
                """);
        ReferenceSet set = ReferenceSet.load(refs);
        assertThat(set.compoundsWithin(List.of(Element.of("Li"), Element.of("O"))))
                .extracting(ComputedEntry::entryId)
                .containsExactly("Li2O-known");
        assertThat(set.compoundsWithin(List.of(Element.of("Li"), Element.of("O"), Element.of("Ba"))))
                .hasSize(2);
        HullAnalysis a = new HullAnalysis(HullAnalysis.Correction.NONE, set);
        HullAnalysis.Result r = a.analyze(List.of(ComputedEntry.builder(Composition.parse("Li2O2"), -19.0)
                .entryId("new")
                .build()));
        assertThat(r.competingAdded()).extracting(ComputedEntry::entryId).containsExactly("Li2O-known");
        assertThat(r.phaseDiagram().chemicalSystem()).isEqualTo("Li-O");
        // a wider system: Ba's reference and BaO join although no entry has Ba
        HullAnalysis.Result wide = a.analyze(
                List.of(ComputedEntry.builder(Composition.parse("Li2O2"), -19.0)
                        .entryId("new")
                        .build()),
                List.of(Element.of("Ba"), Element.of("Li"), Element.of("O")));
        assertThat(wide.phaseDiagram().elements()).hasSize(3);
        assertThat(wide.competingAdded()).hasSize(2);
        assertThat(wide.rows().get(0).hull().eAboveHull())
                .isCloseTo(r.rows().get(0).hull().eAboveHull(), within(1e-12));
    }

    @Test
    void badReferenceFilesAndSettings() throws Exception {
        Path compoundsOnly = tmp.resolve("compounds.csv");
        Files.writeString(compoundsOnly, "entry_id,formula,energy_eV\nLi2O-known,Li2O,-14.3\n");
        assertThat(ReferenceSet.load(compoundsOnly).compounds()).hasSize(1); // fine as one source of several
        assertThatThrownBy(() -> ReferenceSet.loadAll(List.of(compoundsOnly)))
                .isInstanceOf(BadInputException.class)
                .hasMessage(compoundsOnly
                        + ": no elemental entry among 1 reference entries; formation energies need one entry "
                        + "per element (add them, or list 'bundled' too, e.g. references: [bundled, " + compoundsOnly
                        + "])");
        Path broken = tmp.resolve("broken.csv");
        Files.writeString(broken, "entry_id,formula,energy_eV\nLi,Li,-1.9\nx,Li2O,lots\n");
        assertThatThrownBy(() -> ReferenceSet.load(broken))
                .isInstanceOf(BadInputException.class)
                .hasMessage(broken + ":3: energy_eV is not a finite number: \"lots\"");

        // conf: a list combining the bundled MP elements with a file of compounds
        Path conf = tmp.resolve("x.yaml");
        Files.writeString(conf, "thermo:\n  references: [bundled, compounds.csv]\n");
        ThermoSettings s = ThermoSettings.load(conf);
        assertThat(s.references()).containsExactly(ThermoSettings.BUNDLED, compoundsOnly);
        ReferenceSet combined = s.loadReferenceSet();
        assertThat(combined.elemental().entries()).hasSize(89);
        assertThat(combined.compounds()).extracting(ComputedEntry::entryId).containsExactly("Li2O-known");
        assertThat(combined.source()).isEqualTo("MP elemental references 2023-02-07 (bundled) + " + compoundsOnly);
        Files.writeString(conf, "thermo:\n  references: 5\n");
        assertThatThrownBy(() -> ThermoSettings.load(conf))
                .hasMessageContaining("thermo.references must be a file, 'bundled' or a list");
        Files.writeString(conf, "thermo:\n  references: [bundled, 7]\n");
        assertThatThrownBy(() -> ThermoSettings.load(conf))
                .hasMessageContaining("thermo.references: each item must be a file or 'bundled'");
        Files.writeString(conf, "thermo:\n  references: compounds.csv\n");
        assertThatThrownBy(() -> ThermoSettings.load(conf).loadReferenceSet())
                .hasMessageContaining("no elemental entry");
    }

    private static final String SCRIPT = """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            from monty.serialization import loadfn
            from pymatgen.entries.compatibility import MaterialsProject2020Compatibility
            from pymatgen.analysis.phase_diagram import PhaseDiagram
            new, known_params, known_final, elements = (loadfn(p) for p in sys.argv[1:5])
            compat = MaterialsProject2020Compatibility(check_potcar_hash=False)
            processed = compat.process_entries(new + known_params)
            refs = [elements[s] for s in ("Li", "Fe", "O")]
            pd = PhaseDiagram(processed + known_final + refs)
            ids = {e.entry_id for e in new}
            json.dump({"ehull": {e.entry_id: pd.get_e_above_hull(e) for e in processed if e.entry_id in ids},
                       "eform": {e.entry_id: pd.get_form_energy_per_atom(e) for e in processed if e.entry_id in ids},
                       "stable": sorted(e.entry_id or "" for e in pd.stable_entries)}, open(sys.argv[5], "w"))
            """;

    /**
     * Live pymatgen: MP2020-corrected new entries against the bundled MP elements, known compounds
     * with run parameters (corrected by MP2020 on both sides) and one known compound without
     * (taken as final on both sides).
     */
    @Test
    void mp2020WithKnownCompoundsAgreesWithPymatgen() throws Exception {
        Map<String, Double> perAtom = lowestPerAtom();
        List<ComputedEntry> fresh = List.of(
                ggaU("new-LiFeO2", "LiFeO2", perAtom), ggaU("new-Li5FeO4", "Li5FeO4", perAtom),
                ggaU("new-LiFe5O8", "LiFe5O8", perAtom), ggaU("new-Fe3O4", "Fe3O4", perAtom));
        List<ComputedEntry> knownParams = List.of(
                ggaU("mp-Fe2O3", "Fe2O3", perAtom),
                ggaU("mp-FeO", "FeO", perAtom),
                PymatgenInteropTest.gga("mp-Li2O", "Li2O", -14.31, "Li_sv", "O"),
                PymatgenInteropTest.gga("mp-Li2O2", "Li2O2", -19.6, "Li_sv", "O"));
        List<ComputedEntry> knownFinal = List.of(ComputedEntry.builder(Composition.parse("Li2FeO3"), -42.0)
                .entryId("lit-Li2FeO3")
                .correction(-3.1)
                .build());
        ReferenceSet set = ReferenceSet.loadAll(
                List.of(Path.of("bundled"), tmpFile("kp.json", knownParams), csvFile("kf.csv", knownFinal)));
        HullAnalysis.Result ours = new HullAnalysis(HullAnalysis.Correction.MP2020, set).analyze(fresh);
        assertThat(ours.refused()).isEmpty();
        assertThat(ours.referencesRefused()).isEmpty();
        assertThat(ours.competingAdded()).hasSize(5);
        // the known compound without run parameters keeps its own correction; those with them get MP2020's
        ComputedEntry lit = ours.competingAdded().stream()
                .filter(e -> "lit-Li2FeO3".equals(e.entryId()))
                .findFirst()
                .orElseThrow();
        assertThat(lit.correction()).isEqualTo(-3.1);
        ComputedEntry fe2o3 = ours.competingAdded().stream()
                .filter(e -> "mp-Fe2O3".equals(e.entryId()))
                .findFirst()
                .orElseThrow();
        assertThat(fe2o3.correction()).isCloseTo(2 * -2.256 + 3 * -0.687, within(1e-9));

        Path script = tmp.resolve("check.py");
        Files.writeString(script, SCRIPT);
        Path res = tmp.resolve("res.json");
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        script.toString(),
                        tmpFile("new.json", fresh).toString(),
                        tmpFile("kp2.json", knownParams).toString(),
                        tmpFile("kf2.json", knownFinal).toString(),
                        SharedData.path("mp_reference", "mp_elemental_reference_entries_2023-02-07.json")
                                .toString(),
                        res.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("pymatgen (Debian python3-pymatgen): " + log)
                .isZero();
        JsonNode r = EntryJson.mapper().readTree(res.toFile());
        for (HullAnalysis.Row row : ours.rows()) {
            String id = row.input().entryId();
            assertThat(row.hull().eAboveHull())
                    .as(id)
                    .isCloseTo(r.get("ehull").get(id).asDouble(), within(1e-9));
            assertThat(row.hull().formationEnergyPerAtom())
                    .as(id)
                    .isCloseTo(r.get("eform").get(id).asDouble(), within(1e-9));
        }
        List<String> stable = new ArrayList<>();
        ours.phaseDiagram().stableEntries().forEach(e -> stable.add(e.entryId() == null ? "" : e.entryId()));
        stable.sort(null);
        List<String> theirs = new ArrayList<>();
        r.get("stable").forEach(n -> theirs.add(n.asText()));
        assertThat(stable).isEqualTo(theirs);
        assertThat(stable)
                .as("known compounds on the hull")
                .anyMatch(id -> id.startsWith("mp-") || id.startsWith("lit-"));
    }

    /** CSV without run_type: the entries are final as given. */
    private Path csvFile(String name, List<ComputedEntry> es) throws Exception {
        Path f = tmp.resolve(name);
        EntryCsv.write(es, f);
        return f;
    }

    private Path tmpFile(String name, List<ComputedEntry> es) throws Exception {
        Path f = tmp.resolve(name);
        EntryJson.write(es, f);
        return f;
    }

    /** GGA+U (Fe U = 5.3) entry of one formula unit with the Li-Fe-O set's lowest energy per atom. */
    private static ComputedEntry ggaU(String id, String formula, Map<String, Double> perAtom) {
        Composition c = Composition.parse(formula);
        Double e = perAtom.get(c.reducedFormula());
        assertThat(e).as(formula + " in the Li-Fe-O set").isNotNull();
        return ComputedEntry.builder(c, e * c.numAtoms())
                .entryId(id)
                .runType("GGA+U")
                .hubbards(Map.of("Fe", 5.3))
                .potcarSymbols(c.elements().stream()
                        .map(el -> switch (el.symbol()) {
                            case "Li" -> "Li_sv";
                            case "Fe" -> "Fe_pv";
                            default -> el.symbol();
                        })
                        .toList())
                .build();
    }

    private static Map<String, Double> lowestPerAtom() {
        Map<String, Double> m = new HashMap<>();
        for (ComputedEntry e : liFeO) {
            m.merge(e.composition().reducedFormula(), e.energyPerAtom(), Math::min);
        }
        return m;
    }
    /**
     * A generated candidate that is itself an element (a Na polymorph) is measured against the
     * reference's ground state, not taken as its own reference: 7.5 eV/atom above it is 7.5 above
     * the hull and E_f 7.5; one below it becomes the new terminal (E_f 0 by definition, on the hull)
     * and pushes a compound that was on the old hull above the new one. The user's own elemental
     * entries ({@code analyze}, the hull command) still stand in for the references, as in pymatgen.
     */
    @Test
    void elementalCandidatesAreMeasuredAgainstTheElementsReference() {
        ComputedEntry naRef = ComputedEntry.builder(Composition.parse("Na"), -1.3)
                .entryId("ref-Na")
                .build();
        ComputedEntry clRef = ComputedEntry.builder(Composition.parse("Cl2"), -3.6)
                .entryId("ref-Cl")
                .build();
        ComputedEntry nacl = ComputedEntry.builder(Composition.parse("NaCl"), -6.9)
                .entryId("ref-NaCl")
                .build();
        HullAnalysis analysis =
                new HullAnalysis(HullAnalysis.Correction.NONE, ReferenceSet.of(List.of(naRef, clRef, nacl), "test"));
        ComputedEntry squeezed = ComputedEntry.builder(Composition.parse("Na2"), 2 * (-1.3 + 7.5))
                .entryId("cand-Na2")
                .build();
        HullAnalysis.Row high =
                analysis.analyzeCandidates(List.of(squeezed), List.of()).rows().get(0);
        assertThat(high.hull().eAboveHull()).isCloseTo(7.5, within(1e-9));
        assertThat(high.hull().formationEnergyPerAtom()).isCloseTo(7.5, within(1e-9));
        assertThat(high.stable()).isFalse();
        // the user's own elemental entry, as the hull command takes it: its own reference
        assertThat(analysis.analyze(List.of(squeezed)).rows().get(0).hull().eAboveHull())
                .isCloseTo(0, within(1e-9));

        ComputedEntry lower = ComputedEntry.builder(Composition.parse("Na"), -1.3 - 0.4)
                .entryId("cand-Na-low")
                .build();
        ComputedEntry naclCandidate = ComputedEntry.builder(Composition.parse("NaCl"), -6.9)
                .entryId("cand-NaCl")
                .build();
        HullAnalysis.Result r =
                analysis.analyzeCandidates(List.of(lower, naclCandidate), List.of(Element.of("Na"), Element.of("Cl")));
        HullAnalysis.Row low = r.rows().get(0);
        assertThat(low.stable()).isTrue();
        assertThat(low.hull().eAboveHull()).isCloseTo(0, within(1e-9));
        // NaCl: E_f against the new Na terminal is (-6.9 - (-1.7) - (-1.8)) / 2 = -1.7, was -1.0
        assertThat(r.rows().get(1).hull().formationEnergyPerAtom()).isCloseTo(-1.7, within(1e-9));
        assertThat(r.referencesAdded()).extracting(ComputedEntry::entryId).containsExactly("ref-Na", "ref-Cl");
    }
}
