package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;

/**
 * Real pymatgen (Debian python3-pymatgen, installed by scripts/install-deps.sh) reads the
 * entries xtalflow writes, applies its own MaterialsProject2020Compatibility and PhaseDiagram,
 * and writes entries back: corrections, formation energies and e_above_hull must agree, and
 * xtalflow must read pymatgen's output.
 */
class PymatgenInteropTest {

    @TempDir
    Path tmp;

    private static final String SCRIPT = """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            from monty.serialization import loadfn, dumpfn
            from pymatgen.entries.compatibility import MaterialsProject2020Compatibility
            from pymatgen.analysis.phase_diagram import PhaseDiagram
            entries = loadfn(sys.argv[1])
            out = {"classes": [type(e).__name__ for e in entries], "nsites": [len(e.structure) if hasattr(e, "structure") else 0 for e in entries]}
            compat = MaterialsProject2020Compatibility(check_potcar_hash=False)
            corr = []
            for e in entries:
                p = compat.process_entry(e)
                corr.append(None if p is None else p.correction)
            out["corrections"] = corr
            processed = compat.process_entries(entries)
            pd = PhaseDiagram(processed)
            out["ehull"] = {e.entry_id: pd.get_e_above_hull(e) for e in processed}
            out["eform"] = {e.entry_id: pd.get_form_energy_per_atom(e) for e in processed}
            json.dump(out, open(sys.argv[2], "w"))
            dumpfn(processed, sys.argv[3])
            """;

    static ComputedEntry gga(String id, String formula, double e, String... potcars) {
        return ComputedEntry.builder(Composition.parse(formula), e)
                .entryId(id)
                .runType("GGA")
                .potcarSymbols(List.of(potcars))
                .build();
    }

    static ComputedEntry ggaU(String id, String formula, double e, double u, String... potcars) {
        return ComputedEntry.builder(Composition.parse(formula), e)
                .entryId(id)
                .runType("GGA+U")
                .hubbards(Map.of("Fe", u))
                .potcarSymbols(List.of(potcars))
                .build();
    }

    @Test
    void pymatgenReadsOurEntriesAndAgreesOnCorrectionsAndHull() throws Exception {
        Structure li2o2 = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", "mp-841.cif"));
        Structure fe2o3 = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", "mp-19770.cif"));
        Structure bso4 = new CifReader().readStructure(SharedData.path("mp_groundstates", "cifs", "mp-3164.cif"));
        List<ComputedEntry> entries = new ArrayList<>(List.of(
                gga("Fe", "Fe", -8.47, "Fe_pv"),
                gga("O", "O2", -9.89, "O"),
                gga("Li", "Li", -1.91, "Li_sv"),
                gga("S", "S", -4.1, "S"),
                gga("Ba", "Ba", -1.92, "Ba_sv"),
                ggaU("Fe2O3", "Fe2O3", -38.0, 5.3, "Fe_pv", "O"),
                gga("FeS", "FeS", -12.5, "Fe_pv", "S"),
                gga("FeO-gga", "FeO", -13.0, "Fe_pv", "O"),
                gga("Li2O", "Li2O", -14.3, "Li_sv", "O"),
                gga("KO2-like", "Li2O4", -22.0, "Li_sv", "O"),
                ComputedEntry.builder(li2o2, -38.8)
                        .entryId("Li2O2-struct")
                        .runType("GGA")
                        .potcarSymbols(List.of("Li_sv", "O"))
                        .build(),
                ComputedEntry.builder(fe2o3, -68.5 * fe2o3.composition().numAtoms() / 10)
                        .entryId("Fe2O3-struct")
                        .runType("GGA+U")
                        .hubbards(Map.of("Fe", 5.3))
                        .potcarSymbols(List.of("Fe_pv", "O"))
                        .build(),
                ComputedEntry.builder(bso4, -170)
                        .entryId("BaSO4-struct")
                        .runType("GGA")
                        .potcarSymbols(List.of("Ba_sv", "S", "O"))
                        .build()));
        Path in = tmp.resolve("ours.json");
        EntryJson.write(entries, in);
        Path script = tmp.resolve("check.py");
        Files.writeString(script, SCRIPT);
        Path res = tmp.resolve("res.json");
        Path back = tmp.resolve("pymatgen_entries.json");
        Process p = new ProcessBuilder(
                        "/usr/bin/python3", script.toString(), in.toString(), res.toString(), back.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("pymatgen (Debian python3-pymatgen; run scripts/install-deps.sh): " + log)
                .isZero();
        JsonNode r = EntryJson.mapper().readTree(res.toFile());

        assertThat(r.get("classes").get(10).asText()).isEqualTo("ComputedStructureEntry");
        assertThat(r.get("nsites").get(10).asInt()).isEqualTo(li2o2.size());
        Mp2020Compatibility compat = new Mp2020Compatibility();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode c = r.get("corrections").get(i);
            ComputedEntry e = entries.get(i);
            if (c.isNull()) {
                assertThat(compat.processAll(List.of(e)).refused())
                        .as(e.entryId() + " refused by pymatgen")
                        .hasSize(1);
            } else {
                assertThat(compat.process(e).correction()).as(e.entryId()).isCloseTo(c.asDouble(), within(1e-9));
            }
        }
        HullAnalysis.Result ours =
                new HullAnalysis(HullAnalysis.Correction.MP2020, ElementalReferences.bundled()).analyze(entries);
        for (HullAnalysis.Row row : ours.rows()) {
            String id = row.corrected().entryId();
            assertThat(row.hull().eAboveHull())
                    .as(id)
                    .isCloseTo(r.get("ehull").get(id).asDouble(), within(1e-9));
            assertThat(row.hull().formationEnergyPerAtom())
                    .as(id)
                    .isCloseTo(r.get("eform").get(id).asDouble(), within(1e-9));
        }
        // and we read what pymatgen wrote (its own adjustment dicts, its Structure dicts)
        List<ComputedEntry> theirs = EntryJson.read(back);
        assertThat(theirs).hasSize(ours.rows().size());
        for (int i = 0; i < theirs.size(); i++) {
            assertThat(theirs.get(i).correction())
                    .isCloseTo(ours.rows().get(i).corrected().correction(), within(1e-9));
            assertThat(theirs.get(i).entryId())
                    .isEqualTo(ours.rows().get(i).corrected().entryId());
        }
    }

    /** A four-element diagram (synthetic Li-Fe-P-O, 400 entries) against pymatgen's PhaseDiagram. */
    @Test
    void quaternaryHullAgreesWithPymatgen() throws Exception {
        List<ComputedEntry> entries = org.xtalflow.thermo.bench.QuaternaryEntries.generate(400, 3);
        Path in = tmp.resolve("q.json");
        EntryJson.write(entries, in);
        Path script = tmp.resolve("q.py");
        Files.writeString(script, """
                import json, sys
                from monty.serialization import loadfn
                from pymatgen.analysis.phase_diagram import PhaseDiagram
                es = loadfn(sys.argv[1])
                pd = PhaseDiagram(es)
                json.dump({"ehull": [pd.get_e_above_hull(e) for e in es],
                           "stable": sorted(e.entry_id for e in pd.stable_entries)}, open(sys.argv[2], "w"))
                """);
        Path res = tmp.resolve("q.out.json");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), in.toString(), res.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        JsonNode r = EntryJson.mapper().readTree(res.toFile());
        PhaseDiagram pd = new PhaseDiagram(entries);
        assertThat(pd.elements()).hasSize(4);
        List<String> stable = new ArrayList<>();
        pd.stableEntries().forEach(e -> stable.add(e.entryId()));
        stable.sort(null);
        List<String> theirs = new ArrayList<>();
        r.get("stable").forEach(n -> theirs.add(n.asText()));
        assertThat(stable).isEqualTo(theirs);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(pd.eAboveHull(entries.get(i)))
                    .as(entries.get(i).entryId())
                    .isCloseTo(r.get("ehull").get(i).asDouble(), within(1e-9));
        }
    }
}
