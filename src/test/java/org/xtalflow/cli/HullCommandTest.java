package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;
import picocli.CommandLine;

class HullCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void liFeOJsonMatchesPymatgenTableAndDrawsPictures() throws Exception {
        Path csv = SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv");
        Path png = tmp.resolve("hull.png");
        Path svg = tmp.resolve("hull.svg");
        Run r = run(
                "hull",
                csv.toString(),
                "--correction",
                "none",
                "--json",
                "--plot",
                png.toString(),
                "--histograms",
                tmp.resolve("hist").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("stable")).hasSize(11);
        assertThat(j.get("entries")).hasSize(492);
        List<String> expected =
                Files.readAllLines(SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.computed.csv"));
        for (int i = 1; i < expected.size(); i++) {
            String[] f = expected.get(i).split(",");
            JsonNode row = j.get("entries").get(Integer.parseInt(f[0]));
            assertThat(row.get("formation_energy_per_atom").asDouble())
                    .isCloseTo(Double.parseDouble(f[8]), within(1e-6));
            assertThat(row.get("e_above_hull").asDouble()).isCloseTo(Double.parseDouble(f[9]), within(1e-6));
        }
        assertThat(j.get("statistics").get("on_hull").asInt()).isEqualTo(12); // 11 vertices + 1 exact duplicate
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(1000);
        for (String h : List.of("ef_histogram.png", "ef_histogram.svg", "ehull_histogram.png", "ehull_histogram.svg")) {
            assertThat(tmp.resolve("hist").resolve(h)).isNotEmptyFile();
        }
        assertThat(run("hull", csv.toString(), "--correction", "none", "--plot", svg.toString())
                        .code())
                .isZero();
        assertThat(Files.readString(svg)).contains("<svg").contains("<line"); // XChart draws text as outlines
        // plain table
        Run t = run("hull", csv.toString(), "--correction", "none");
        assertThat(t.out())
                .contains("11 stable phases (hull vertices)")
                .contains("0.600000 Li2FeO3 + 0.250000 Fe2O3 + 0.150000 O2");
        // the two counts agree: 12 entries on the hull are the 11 vertices and one Li2O tying its energy
        assertThat(t.out())
                .contains("entries on hull: 12 (2.4%: the 11 stable phases and 1 entry tying a stable phase's energy)");
        assertThat(t.out().lines().filter(l -> l.matches(".* yes +1\\.000000 .*")))
                .hasSize(11);
        assertThat(t.out().lines().filter(l -> l.matches("Li2O +Li2O .* tie +1\\.000000 Li2O")))
                .hasSize(1);
    }

    /** Issue 17: an energy of 1e308 printed E_f -Infinity, "stable", exit 0. */
    @Test
    void absurdEnergyIsRefusedNamingTheEntry() throws Exception {
        Path csv = tmp.resolve("entries.csv");
        Files.writeString(csv, "entry_id,formula,energy_eV\nBa,Ba,-1.9\nTe,Te,-3.1\nbad-1,BaTe,1e308\n");
        Run r = run("hull", csv.toString(), "--correction", "none");
        assertThat(r.code()).isNotZero();
        assertThat(r.err())
                .contains(csv + ":4: entry bad-1: energy 1.0E308 eV")
                .contains("beyond ±1000000.0 eV/atom")
                .doesNotContain("Infinity")
                .doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("stable");
        Path json = tmp.resolve("entries.json");
        Files.writeString(
                json,
                "[{\"composition\": {\"Ba\": 1}, \"energy\": -1.9},"
                        + " {\"composition\": {\"Ba\": 1, \"Te\": 1}, \"energy\": -1e308, \"entry_id\": \"bad-2\"}]");
        Run j = run("hull", json.toString(), "--correction", "none");
        assertThat(j.code()).isNotZero();
        assertThat(j.err()).contains(json + " [1]: entry bad-2: energy -1.0E308 eV");
    }

    @Test
    void distinctDropsTheTwoDuplicateRowsAsPymatgensEntrySet() throws Exception {
        Path csv = SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv");
        Run r = run("hull", csv.toString(), "--correction", "none", "--json", "--distinct");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("490 distinct entries of 492");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("entries")).hasSize(490);
        assertThat(j.get("stable")).hasSize(11);
        assertThat(j.get("statistics").get("on_hull").asInt()).isEqualTo(11); // the duplicated vertex once
    }

    @Test
    void mp2020RefusesEntriesWithoutRunParametersAndSaysWhatToDo() {
        Run r = run(
                "hull",
                SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(r.err()).contains("run type unknown").contains("--correction none");
    }

    @Test
    void mixedRunTypesWithoutCorrectionAreRefused() throws Exception {
        Path f = tmp.resolve("mixed.csv");
        Files.writeString(
                f,
                "entry_id,formula,energy_eV,correction_eV,run_type,hubbards,potcar_symbols\n"
                        + "a,Fe2O3,-38,0,GGA+U,Fe=5.3,Fe_pv O\nb,FeO,-13,0,GGA,,Fe_pv O\nc,Fe,-8.4,0,GGA,,Fe_pv\nd,O2,-9.8,0,GGA,,O\n");
        Run r = run("hull", f.toString(), "--correction", "none");
        assertThat(r.code()).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(r.err()).contains("mix GGA").contains("--correction mp2020");
        // with MP2020 the GGA Fe oxide is refused by name, the rest is analysed
        Run m = run("hull", f.toString(), "--json");
        assertThat(m.code()).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(m.err()).contains("refused: entry b FeO");
        JsonNode j = new ObjectMapper().readTree(m.out());
        assertThat(j.get("entries")).hasSize(3);
        assertThat(j.get("refused").get(0).get("entry_id").asText()).isEqualTo("b");
    }

    @Test
    void missingElementsComeFromTheBundledReferences() throws Exception {
        Path f = tmp.resolve("c.csv");
        Files.writeString(f, "entry_id,formula,energy_eV,correction_eV,run_type\nx,BaTe,-8.5,0,GGA\n");
        Run r = run("hull", f.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("references").get("Ba").get("added").asBoolean()).isTrue();
        double eba = j.get("references").get("Ba").get("energy_per_atom").asDouble();
        double ete = j.get("references").get("Te").get("energy_per_atom").asDouble();
        assertThat(eba).isCloseTo(-1.91897494, within(1e-9));
        JsonNode row = j.get("entries").get(0);
        // Te is the anion: MP2020 adds -0.422 eV per Te
        assertThat(row.get("correction").asDouble()).isCloseTo(-0.422, within(1e-12));
        assertThat(row.get("formation_energy_per_atom").asDouble())
                .isCloseTo((-8.5 - 0.422 - eba - ete) / 2, within(1e-12));
    }

    @Test
    void usageAndInputErrors() throws Exception {
        Path csv = SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv");
        assertThat(run("hull", csv.toString(), "--correction", "foo").code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run(
                                "hull",
                                csv.toString(),
                                "--correction",
                                "none",
                                "--plot",
                                tmp.resolve("x.jpg").toString())
                        .code())
                .isEqualTo(Main.EXIT_USAGE);
        Run missing = run("hull", tmp.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(missing.err()).contains("nope.json");
        Path q = tmp.resolve("q.csv");
        Files.writeString(q, "entry_id,formula,energy_eV\na,Li,-1.9\nb,Fe,-8.4\nc,P,-5.4\nd,O2,-9.8\ne,LiFePO4,-50\n");
        Run quaternary = run(
                "hull",
                q.toString(),
                "--correction",
                "none",
                "--plot",
                tmp.resolve("q.png").toString());
        assertThat(quaternary.code()).as(quaternary.err()).isZero(); // drawn as a tetrahedron
        assertThat(tmp.resolve("q.png")).isNotEmptyFile();
        Path five = tmp.resolve("five.csv");
        Files.writeString(
                five,
                "entry_id,formula,energy_eV\na,Li,-1.9\nb,Fe,-8.4\nc,P,-5.4\nd,O2,-9.8\nf,S,-4.1\ne,LiFePO4S,-54\n");
        Run quinary = run(
                "hull",
                five.toString(),
                "--correction",
                "none",
                "--plot",
                tmp.resolve("five.png").toString());
        assertThat(quinary.code()).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(quinary.err()).contains("binary, ternary and quaternary");
    }

    /** Known compounds from --references compete: pymatgen's Li-Fe-O set as references + new entries. */
    @Test
    void referenceCompoundsCompete() throws Exception {
        List<String> lines = Files.readAllLines(SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv"));
        List<String> expected =
                Files.readAllLines(SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.computed.csv"));
        StringBuilder known = new StringBuilder(lines.get(0)).append('\n');
        StringBuilder fresh = new StringBuilder(lines.get(0)).append('\n');
        List<Integer> freshRows = new java.util.ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            int nonZero = 0;
            for (int k = 1; k <= 3; k++) {
                nonZero += Double.parseDouble(f[k]) > 0 ? 1 : 0;
            }
            if (nonZero > 1 && i % 5 == 0) {
                fresh.append(lines.get(i)).append('\n');
                freshRows.add(i - 1);
            } else {
                known.append(lines.get(i)).append('\n');
            }
        }
        Path knownCsv = Files.writeString(tmp.resolve("known.csv"), known);
        Path freshCsv = Files.writeString(tmp.resolve("fresh.csv"), fresh);
        Run r = run("hull", freshCsv.toString(), "--correction", "none", "--json", "--references", knownCsv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("competing_compounds").size()).isGreaterThan(300);
        assertThat(j.get("entries")).hasSize(freshRows.size());
        for (int k = 0; k < freshRows.size(); k++) {
            String[] f = expected.get(freshRows.get(k) + 1).split(",");
            assertThat(j.get("entries").get(k).get("e_above_hull").asDouble())
                    .as(f[1])
                    .isCloseTo(Double.parseDouble(f[9]), within(1e-9));
        }
        Run table = run("hull", freshCsv.toString(), "--correction", "none", "--references", knownCsv.toString());
        assertThat(table.out())
                .containsPattern("competing compounds from the references: \\d+; on the hull: .*Fe2O3 \\(Fe2O3\\)");
        // compounds alone have no elements; with the bundled MP elements they would mix energy scales, so only the
        // message is checked
        Path compounds = Files.writeString(tmp.resolve("compounds.csv"), "entry_id,formula,energy_eV\nx,Li2O,-14.3\n");
        Run bad = run("hull", freshCsv.toString(), "--correction", "none", "--references", compounds.toString());
        assertThat(bad.code()).isEqualTo(Main.EXIT_INPUT_FAILED);
        assertThat(bad.err())
                .contains("no elemental entry among 1 reference entries")
                .contains("list 'bundled' too");
    }
}
