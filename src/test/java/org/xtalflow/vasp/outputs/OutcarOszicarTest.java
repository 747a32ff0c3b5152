package org.xtalflow.vasp.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;

/** The OUTCAR and OSZICAR facts of ../shared/data/vasp_outputs/EXPECTED.json, on the real files. */
class OutcarOszicarTest {

    static JsonNode expected;
    static Path dir;

    @BeforeAll
    static void load() throws Exception {
        dir = SharedData.path("vasp_outputs");
        expected = new ObjectMapper()
                .readTree(dir.resolve("EXPECTED.json").toFile())
                .get("files");
    }

    static JsonNode facts(String file, String testSuffix) {
        for (JsonNode a : expected.get(file).get("asserted")) {
            if (a.get("test").asText().endsWith(testSuffix)) {
                return a.get("facts");
            }
        }
        throw new AssertionError("no asserted block " + testSuffix + " for " + file);
    }

    static void assertRel(double got, double want, String what) {
        assertThat(got).as(what).isCloseTo(want, within(Math.max(Math.abs(want) * 1e-6, 1e-12)));
    }

    @Test
    void outcarEnergiesOfTheEtestFiles() {
        for (String file : List.of("outputs/OUTCAR.etest1.gz", "outputs/OUTCAR.etest3.gz")) {
            Outcar o = Outcar.read(dir.resolve(file));
            JsonNode f = facts(file, "TestOutcar::test_energies");
            assertRel(o.finalEnergy(), f.get("final_energy (energy(sigma->0))").asDouble(), file + " sigma->0");
            assertRel(o.finalEnergyWoEntrp(), f.get("final_energy_wo_entrp").asDouble(), file + " wo entropy");
            assertRel(
                    o.finalFrEnergy(),
                    f.get("final_fr_energy (free energy TOTEN)").asDouble(),
                    file + " TOTEN");
        }
    }

    /** computed_here of the three OUTCARs: last energies, counts, efermi, NELECT, timing, version. */
    @Test
    void outcarComputedHereFacts() {
        Iterator<String> names = expected.fieldNames();
        int n = 0;
        while (names.hasNext()) {
            String file = names.next();
            if (!file.contains("OUTCAR")) {
                continue;
            }
            n++;
            JsonNode ch = expected.get(file).get("computed_here");
            Outcar o = Outcar.read(dir.resolve(file));
            assertThat(o.finalEnergy())
                    .as(file)
                    .isEqualTo(ch.get("last_energy_sigma_to_0").asDouble());
            assertThat(o.finalEnergyWoEntrp())
                    .as(file)
                    .isEqualTo(ch.get("last_energy_without_entropy").asDouble());
            assertThat(o.finalFrEnergy())
                    .as(file)
                    .isEqualTo(ch.get("last_free_energy_TOTEN").asDouble());
            assertThat(o.nIonicSteps())
                    .as(file)
                    .isEqualTo(ch.get("n_TOTEN_lines").asInt())
                    .isEqualTo(ch.get("n_FREE_ENERGIE_blocks(ionic steps)").asInt());
            assertThat(o.efermi()).as(file).hasValue(ch.get("last_efermi").asDouble());
            assertThat(o.nelectTag()).as(file).isEqualTo(ch.get("NELECT").asDouble());
            assertThat(o.isFinished())
                    .as(file)
                    .isEqualTo(ch.get("has_General_timing(finished)").asBoolean());
            assertThat(o.vaspVersion())
                    .as(file)
                    .isEqualTo(ch.get("vasp_version_line").asText().strip().split("\\s+")[0]);
        }
        assertThat(n).isEqualTo(3);
    }

    @Test
    void outcarInitFactsGzippedAndPlain(@TempDir Path tmp) throws Exception {
        Path gz = dir.resolve("outputs/OUTCAR.gz");
        Path plain = tmp.resolve("OUTCAR");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, plain);
        }
        JsonNode f = facts("outputs/OUTCAR.gz", "TestOutcar::test_init (both .gz and decompressed)");
        for (Path p : List.of(gz, plain)) {
            Outcar o = Outcar.read(p);
            assertTable(o.magnetization(), f.get("magnetization (per site s,p,d,tot)"), p + " magnetization");
            assertTable(o.charge(), f.get("charge (per site)"), p + " charge");
            assertThat(o.isStopped()).isEqualTo(f.get("is_stopped").asBoolean());
            JsonNode rs = f.get("run_stats");
            rs.properties().iterator().forEachRemaining(e -> {
                if (e.getKey().equals("cores")) {
                    assertThat(o.cores()).isEqualTo(e.getValue().asInt());
                } else {
                    assertThat(o.runStats().get(e.getKey()))
                            .as(e.getKey())
                            .isEqualTo(e.getValue().asDouble());
                }
            });
            assertThat(o.runStats()).hasSize(rs.size() - 1);
            assertThat(o.efermi()).hasValue(f.get("efermi").asDouble());
            assertThat(o.nelect()).isEqualTo(f.get("nelect").asDouble());
            assertThat(o.totalMagnetization()).isEqualTo(f.get("total_mag").asDouble());
        }
        assertThat(Outcar.read(gz).nbands())
                .isEqualTo(facts("outputs/OUTCAR.gz", "TestOutcar::test_nbands")
                        .get("data.nbands")
                        .asInt());
    }

    @Test
    void outcarDriftPlaneWavesLepsilonAndEnergyContributions() {
        Outcar o = Outcar.read(dir.resolve("outputs/OUTCAR.gz"));
        JsonNode drift = facts("outputs/OUTCAR.gz", "TestOutcar::test_drift");
        assertThat(o.drift()).hasSize(drift.get("len(drift)").asInt());
        double sum = o.drift().stream().mapToDouble(d -> d[0] + d[1] + d[2]).sum();
        assertThat(sum).isEqualTo(drift.get("sum(drift)").asDouble());
        JsonNode pw = facts("outputs/OUTCAR.gz", "TestOutcar::test_nplwvs");
        assertThat(o.nplwv()).isEqualTo(pw.get("data.nplwv").get(0).get(0).asInt());
        List<Integer> want = new ArrayList<>();
        pw.get("data.nplwvs_at_kpoints").forEach(n -> want.add(n.asInt()));
        assertThat(o.nplwvsAtKpoints()).isEqualTo(want);
        JsonNode init = facts("outputs/OUTCAR.gz", "TestOutcar::test_init (both .gz and decompressed)");
        assertThat(o.isLepsilon()).isEqualTo(init.get("lepsilon").asBoolean());
        assertThat(init.get("sum(final_energy_contribs) == final_energy").asText())
                .isEqualTo("abs 1e-6");
        assertThat(o.finalEnergyContribs())
                .containsKeys(
                        "PSCENC", "TEWEN", "DENC", "EXHF", "XCENC", "PAW double counting", "EENTRO", "EBANDS", "EATOM");
        double total = o.finalEnergyContribs().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertThat(total).isCloseTo(o.finalEnergy(), within(1e-6));
    }

    @Test
    void outcarElectrostaticPotential() {
        Outcar o = Outcar.read(dir.resolve("outputs/OUTCAR.gz"));
        JsonNode f = facts("outputs/OUTCAR.gz", "TestOutcar::test_electrostatic_potential");
        int[] ngf = new int[3];
        double[] radii = new double[3];
        for (int i = 0; i < 3; i++) {
            ngf[i] = f.get("ngf").get(i).asInt();
            radii[i] = f.get("sampling_radii").get(i).asDouble();
        }
        assertThat(o.ngf()).containsExactly(ngf);
        assertThat(o.samplingRadii()).containsExactly(radii);
        JsonNode pots = f.get("electrostatic_potential");
        double[] want = new double[pots.size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = pots.get(i).asDouble();
        }
        assertThat(o.electrostaticPotential()).containsExactly(want);
    }

    private static void assertTable(List<Map<String, Double>> got, JsonNode want, String what) {
        assertThat(got).as(what).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            Map<String, Double> row = got.get(i);
            JsonNode w = want.get(i);
            assertThat(row.keySet()).as(what + " row " + i).hasSize(w.size());
            int k = i;
            w.properties()
                    .iterator()
                    .forEachRemaining(e -> assertThat(row.get(e.getKey()))
                            .as(what + " row " + k + " " + e.getKey())
                            .isEqualTo(e.getValue().asDouble()));
        }
    }

    @Test
    void oszicarFacts() {
        Oszicar o = Oszicar.read(dir.resolve("outputs/OSZICAR"));
        JsonNode f = facts("outputs/OSZICAR", "TestOszicar::test_init");
        assertThat(o.electronicStepCounts().size() == o.ionicSteps().size())
                .isEqualTo(f.get("len(electronic_steps) == len(ionic_steps)").asBoolean());
        assertThat(o.allE0()).hasSize(f.get("len(all_energies)").asInt());
        assertThat(o.finalEnergy()).isEqualTo(f.get("final_energy").asDouble());
        List<String> keys = new ArrayList<>();
        f.get("keys of ionic_steps[-1]").forEach(k -> keys.add(k.asText()));
        assertThat(o.ionicSteps().get(o.nIonicSteps() - 1).keySet()).containsExactlyElementsOf(keys);
        JsonNode ch = expected.get("outputs/OSZICAR").get("computed_here");
        assertThat(o.nIonicSteps()).isEqualTo(ch.get("n_ionic_steps").asInt());
        assertThat(o.electronicStepCounts().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(ch.get("n_electronic_lines_total").asInt());
        assertThat(o.finalFreeEnergy()).isEqualTo(ch.get("last_F").asDouble());
        assertThat(o.finalMagnetization()).isEqualTo(ch.get("last_mag").asDouble());
    }
}
