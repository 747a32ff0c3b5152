package org.xtalflow.vasp.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.testing.SharedData;

/**
 * Every Vasprun fact of ../shared/data/vasp_outputs/EXPECTED.json that this reader covers (the
 * values are read from that file, not copied here), on the real pymatgen test files.
 */
class VasprunTest {

    static JsonNode expected;
    static Path dir;

    @BeforeAll
    static void load() throws Exception {
        Path root = SharedData.path("vasp_outputs");
        expected = new ObjectMapper()
                .readTree(root.resolve("EXPECTED.json").toFile())
                .get("files");
        dir = root;
    }

    static Vasprun read(String file) {
        return Vasprun.read(dir.resolve(file));
    }

    static JsonNode facts(String file, String testSuffix) {
        for (JsonNode a : expected.get(file).get("asserted")) {
            if (a.get("test").asText().endsWith(testSuffix)) {
                return a.get("facts");
            }
        }
        throw new AssertionError("no asserted block " + testSuffix + " for " + file + " in EXPECTED.json");
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void standardLiFePO4RelaxationMatchesPymatgenTestStandard() {
        Vasprun v = read("outputs/vasprun.xml.gz");
        JsonNode f = facts("outputs/vasprun.xml.gz", "TestVasprun::test_standard");
        assertThat(v.parameters().getInt("NELM", -1))
                .isEqualTo(f.get("parameters.NELM").asInt());
        assertThat(v.nIonicSteps()).isEqualTo(f.get("n_ionic_steps").asInt());
        assertThat(v.ionicSteps().stream().filter(IonicStep::hasStructure).count())
                .isEqualTo(f.get("len(structures)").asInt());
        assertThat(v.nElectronicSteps())
                .isEqualTo(f.get("total_electronic_steps_all_ionic").asLong());
        assertThat(v.atomicSymbols()).isEqualTo(strings(f.get("atomic_symbols")));
        assertThat(v.finalStructure().sites().stream()
                        .map(s -> s.species().symbol())
                        .toList())
                .isEqualTo(strings(f.get("atomic_symbols")));
        assertThat(v.reducedFormula())
                .isEqualTo(f.get("final_structure.reduced_formula").asText());
        assertThat(v.finalEnergy())
                .isCloseTo(
                        f.get("final_energy").get("value").asDouble(),
                        within(f.get("final_energy").get("abs_tol").asDouble()));
        assertThat(v.isHubbard()).isEqualTo(f.get("is_hubbard").asBoolean());
        assertThat(v.potcarSymbols()).isEqualTo(strings(f.get("potcar_symbols")));
        assertThat(v.runType())
                .isEqualTo(f.get("get_computed_entry().parameters.run_type").asText());
        assertThat(v.nIonicSteps())
                .isEqualTo(f.get("ionic_step_skip=3: nionic_steps").asInt());
        assertThat(v.ionicSteps(3, 0))
                .hasSize(f.get("ionic_step_skip=3: len(ionic_steps)").asInt());
        assertThat(v.ionicSteps(3, 6))
                .hasSize(f.get("ionic_step_skip=3, ionic_step_offset=6: len(ionic_steps)")
                        .asInt());
        assertThat(v.ionicSteps(3, 6).get(0)).isEqualTo(v.ionicSteps().get(6));
        JsonNode bp = f.get("eigenvalue_band_properties(gap,cbm,vbm,is_direct)");
        BandEdges b = v.bandEdges().orElseThrow();
        assertThat(b.gap())
                .isCloseTo(bp.get(0).asDouble(), within(1e-6 * bp.get(0).asDouble()));
        assertThat(b.cbm())
                .isCloseTo(bp.get(1).asDouble(), within(1e-6 * bp.get(1).asDouble()));
        assertThat(b.vbm())
                .isCloseTo(bp.get(2).asDouble(), within(1e-6 * bp.get(2).asDouble()));
        assertThat(b.isDirect()).isEqualTo(bp.get(3).asBoolean());
        TotalDos dos = v.totalDos().orElseThrow();
        assertThat(dos.gap())
                .isCloseTo(
                        f.get("tdos.get_gap()").get("value").asDouble(),
                        within(f.get("tdos.get_gap()").get("abs_tol").asDouble()));
        assertThat(dos.energies())
                .hasSize(f.get("pdos(site0)[s][up].shape").get(0).asInt());
        assertThat(dos.spinPolarization())
                .hasValue(f.get("complete_dos.spin_polarization").asDouble());
        assertThat(dos.efermi()).isEqualTo(v.efermi().orElseThrow());
    }

    @Test
    void partialDosOfTheFirstSite() {
        JsonNode f = facts("outputs/vasprun.xml.gz", "TestVasprun::test_standard");
        PartialDos p = PartialDos.read(dir.resolve("outputs/vasprun.xml.gz"), 0);
        assertThat(p.densities("s", 0))
                .hasSize(f.get("pdos(site0)[s][up].shape").get(0).asInt());
        assertThat(p.densities("s", 0)[16])
                .isEqualTo(f.get("pdos(site0)[s][up][16]").asDouble());
        assertThat(p.densities("pz", 1)[16])
                .isEqualTo(f.get("pdos(site0)[pz][down][16]").asDouble());
        assertThat(p.orbitals()).startsWith("s", "py", "pz", "px");
        assertThat(p.nspins()).isEqualTo(2);
        assertThat(p.energies())
                .containsExactly(
                        read("outputs/vasprun.xml.gz").totalDos().orElseThrow().energies());
        // another site differs; a site that does not exist is refused clearly
        assertThat(PartialDos.read(dir.resolve("outputs/vasprun.xml.gz"), 1).densities("dxy", 0))
                .isNotEqualTo(p.densities("dxy", 0));
        assertThatThrownBy(() -> PartialDos.read(dir.resolve("outputs/vasprun.xml.gz"), 25))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("site 25");
    }

    @Test
    void parallelReadsGiveTheSameResults() throws Exception {
        List<String> files = List.of(
                "outputs/vasprun.xml.gz",
                "outputs/vasprun.unconverged.xml.gz",
                "outputs/vasprun.etest1.xml.gz",
                "outputs/vasprun.etest3.xml.gz");
        Map<String, Double> serial = new java.util.HashMap<>();
        files.forEach(f -> serial.put(f, read(f).finalEnergy()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<double[]>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String f = files.get(i % files.size());
                int k = i % files.size();
                futures.add(pool.submit(() -> new double[] {k, read(f).finalEnergy()}));
            }
            for (java.util.concurrent.Future<double[]> fu : futures) {
                double[] r = fu.get();
                assertThat(r[1]).isEqualTo(serial.get(files.get((int) r[0])));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nonSpinPolarizedRunHasNoSpinPolarization() {
        Vasprun v = read("outputs/vasprun.etest1.xml.gz");
        JsonNode f = facts("outputs/vasprun.etest1.xml.gz", "TestVasprun::test_standard");
        assertThat(f.get("complete_dos.spin_polarization").isNull()).isTrue();
        assertThat(v.totalDos().orElseThrow().spinPolarization()).isEmpty();
        assertThat(v.totalDos().orElseThrow().nspins()).isEqualTo(1);
        assertThat(v.totalDos().orElseThrow().gap()).isEqualTo(0.0); // Cu is a metal
    }

    @Test
    void asDictAndPotcarSpecFacts() {
        Vasprun v = read("outputs/vasprun.xml.gz");
        JsonNode f = facts("outputs/vasprun.xml.gz", "TestVasprun::test_as_dict");
        assertThat(v.potcarSymbols().stream()
                        .map(s -> s.strip().split("\\s+")[0])
                        .toList())
                .isEqualTo(strings(f.get("input.potcar_type")));
        assertThat(v.nkpoints()).isEqualTo(f.get("input.nkpoints").asInt());
        JsonNode g = facts("outputs/vasprun.xml.gz", "TestVasprun::test_potcar_not_found");
        assertThat(v.potcarSymbols()).isEqualTo(strings(g.get("potcar_spec titels (no POTCAR available)")));
    }

    @Test
    void unconvergedRunIsElectronicallyUnconverged() {
        Vasprun v = read("outputs/vasprun.unconverged.xml.gz");
        JsonNode f = facts("outputs/vasprun.unconverged.xml.gz", "TestVasprun::test_unconverged");
        assertThat(v.isConvergedIonic()).isEqualTo(f.get("converged_ionic").asBoolean());
        assertThat(v.isConvergedElectronic())
                .isEqualTo(f.get("converged_electronic").asBoolean());
        assertThat(v.isConverged()).isEqualTo(f.get("converged").asBoolean());
        assertThat(f.get("warning").asText()).contains("is an unconverged VASP run");
        assertThat(v.warnings()).anyMatch(w -> w.contains("is an unconverged VASP run"));
        assertThat(read("outputs/vasprun.xml.gz").warnings()).isEmpty();
        // GGA+U with U(V) = 3.1 from LDAUU: pymatgen's hubbards and run_type (checked with Debian pymatgen)
        assertThat(v.hubbards()).containsExactly(Map.entry("V", 3.1), Map.entry("O", 0.0));
        assertThat(v.isHubbard()).isTrue();
        assertThat(v.runType()).isEqualTo("GGA+U");
    }

    @Test
    void energiesOfOldVasp5FilesUseTheCorrectedSigma0Energy() {
        for (String file : List.of("outputs/vasprun.etest1.xml.gz", "outputs/vasprun.etest3.xml.gz")) {
            Vasprun v = read(file);
            double want = facts(file, "TestVasprun::test_energies")
                    .get("final_energy")
                    .asDouble();
            assertThat(v.finalEnergy()).as(file).isCloseTo(want, within(Math.abs(want) * 1e-6));
            // the raw e_0_energy field is wrong in these files: the correction must have been applied
            assertThat(v.e0EnergyRaw()).as(file).isNotCloseTo(want, within(1.0));
        }
    }

    @Test
    void badVasprunFailsStrictlyAndGivesTheFirstStepLeniently() {
        Path bad = dir.resolve("outputs/vasprun.bad.xml.gz");
        String line = expected.get("outputs/vasprun.bad.xml.gz")
                .get("computed_here")
                .get("xml_parse_error")
                .asText();
        int wantLine = Integer.parseInt(line.replaceAll(".*line (\\d+).*", "$1"));
        assertThatThrownBy(() -> Vasprun.read(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("vasprun.bad.xml.gz:" + wantLine + ":")
                .hasMessageContaining("lenient")
                .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(wantLine));
        JsonNode f = facts("outputs/vasprun.bad.xml.gz", "TestVasprun::test_bad_vasprun")
                .get("with exception_on_bad_xml=False");
        Vasprun v = Vasprun.read(bad, true);
        assertThat(v.isComplete()).isFalse();
        assertThat(v.incompleteReason()).contains("line " + wantLine);
        assertThat(f.get("warning").asText()).contains("XML is malformed");
        assertThat(v.warnings()).anyMatch(w -> w.contains("malformed or truncated XML"));
        assertThat(v.nIonicSteps()).isEqualTo(f.get("n_ionic_steps").asInt());
        assertThat(v.finalEnergy()).isCloseTo(f.get("final_energy").asDouble(), within(1e-8));
        // pymatgen's per-criterion rules still hold on the steps read, but an incomplete run is not converged
        assertThat(v.isConvergedElectronic()).isTrue();
        assertThat(v.isConvergedIonic()).isTrue();
        assertThat(v.isConverged()).isFalse();
        // no finalpos: the final structure is that of the last complete step (the first step is
        // computed at the initial positions, so here it equals the initial structure)
        assertThat(v.finalStructure().size()).isEqualTo(25);
        assertThat(v.finalStructure().lattice().volume())
                .isCloseTo(v.initialStructure().lattice().volume(), within(1e-9));
        assertThat(v.finalStructure().site(24).frac())
                .containsExactly(v.initialStructure().site(24).frac());
    }

    /** computed_here: parameters, per-step SCF counts, last-step energies, efermi, version, atoms. */
    @Test
    void computedHereFactsForEveryVasprun() {
        Iterator<String> names = expected.fieldNames();
        int files = 0;
        while (names.hasNext()) {
            String file = names.next();
            JsonNode ch = expected.get(file).get("computed_here");
            if (!file.contains("vasprun") || ch == null || !ch.has("parameters")) {
                continue;
            }
            files++;
            Vasprun v = read(file);
            assertThat(v.vaspVersion())
                    .as(file)
                    .isEqualTo(ch.get("vasp_version").asText());
            assertThat(v.nsites()).as(file).isEqualTo(ch.get("natoms").asInt());
            assertThat(v.atomicSymbols()).as(file).isEqualTo(strings(ch.get("atomic_symbols")));
            ch.get("parameters").properties().iterator().forEachRemaining(p -> {
                String key = p.getKey();
                if (p.getValue().isNull()) {
                    assertThat(v.parameters().contains(key))
                            .as(file + " " + key)
                            .isFalse();
                    return;
                }
                String want = p.getValue().asText();
                Object got = v.parameters().get(key);
                assertThat(got).as(file + " " + key).isNotNull();
                if (got instanceof Number n) {
                    assertThat(n.doubleValue()).as(file + " " + key).isEqualTo(Double.parseDouble(want));
                } else if (got instanceof Boolean b) {
                    assertThat(b ? "T" : "F").as(file + " " + key).isEqualTo(want);
                } else {
                    assertThat(got.toString()).as(file + " " + key).isEqualTo(want.strip());
                }
            });
            assertThat(v.nIonicSteps())
                    .as(file)
                    .isEqualTo(ch.get("n_ionic_steps").asInt());
            List<Integer> perStep =
                    v.ionicSteps().stream().map(IonicStep::nElectronicSteps).toList();
            List<Integer> want = new ArrayList<>();
            ch.get("n_scsteps_per_ionic").forEach(n -> want.add(n.asInt()));
            assertThat(perStep).as(file).isEqualTo(want);
            assertThat(v.nElectronicSteps())
                    .as(file)
                    .isEqualTo(ch.get("total_scsteps").asLong());
            assertThat(v.eFrEnergy())
                    .as(file)
                    .isEqualTo(ch.get("final_e_fr_energy").asDouble());
            assertThat(v.eWoEntrp())
                    .as(file)
                    .isEqualTo(ch.get("final_e_wo_entrp").asDouble());
            assertThat(v.e0EnergyRaw())
                    .as(file)
                    .isEqualTo(ch.get("final_e_0_energy").asDouble());
            assertThat(v.finalEnergy())
                    .as(file)
                    .isCloseTo(ch.get("final_energy_rule_pymatgen").asDouble(), within(1e-9));
            assertThat(v.efermi()).as(file).hasValue(ch.get("efermi").asDouble());
        }
        assertThat(files).isEqualTo(4);
    }

    @Test
    void finalStructureIsTheFinalposBlock() {
        Vasprun v = read("outputs/vasprun.etest1.xml.gz");
        assertThat(v.nsites()).isEqualTo(1);
        assertThat(v.finalEnergyPerAtom()).isEqualTo(v.finalEnergy());
        Site s = v.finalStructure().site(0);
        assertThat(s.species().symbol()).isEqualTo("Cu");
        assertThat(v.finalStructure().lattice().volume()).isGreaterThan(5).isLessThan(20);
        assertThat(v.isSpin()).isFalse();
        assertThat(read("outputs/vasprun.xml.gz").isSpin()).isTrue();
    }
}
