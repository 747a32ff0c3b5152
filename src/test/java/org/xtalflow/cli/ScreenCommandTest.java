package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;

/** bin/xtalflow screen on real CIFs: CubicGAN's half-Heuslers, a known MP structure, a broken file. */
class ScreenCommandTest {

    @Test
    void screensAFolderWritesSurvivorsAndAFunnelWhoseCountsAddUp(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Path cubic = SharedData.path("structures_cubicgan_oqmd", "cifs");
        try (Stream<Path> s = Files.list(cubic)) {
            for (Path p : s.sorted().limit(30).toList()) {
                Files.copy(p, in.resolve(p.getFileName()));
            }
        }
        // a known structure (novelty), the same file twice (duplicate), and a broken CIF (error)
        Path bate = SharedData.path("mp_groundstates", "cifs", "mp-1000.cif");
        Files.copy(bate, in.resolve("bate.cif"));
        Files.copy(cubic.resolve("567801.cif"), in.resolve("zz-copy.cif")); // UPtRh, an intermetallic that passes
        Files.writeString(in.resolve("broken.cif"), "data_x\n_cell_length_a 5\n");
        Path out = tmp.resolve("out");
        Path seen = tmp.resolve("seen.tsv");

        int rc = Main.commandLine()
                .execute(
                        "screen", in.toString(), "--out", out.toString(), "--keep-rejected", "--seen", seen.toString());
        assertThat(rc).isEqualTo(Main.EXIT_INPUT_FAILED); // the broken file

        JsonNode f = new ObjectMapper().readTree(out.resolve("funnel.json").toFile());
        long received = f.get("received").asLong();
        assertThat(received).isEqualTo(33);
        assertThat(f.get("passed").asLong()
                        + f.get("rejected").asLong()
                        + f.get("errors").asLong())
                .isEqualTo(received);
        assertThat(f.get("errors_by_reason").get("input.unreadable_cif").asLong())
                .isEqualTo(1);
        long in0 = received - f.get("errors").asLong();
        for (JsonNode st : f.get("stages")) {
            assertThat(st.get("in").asLong()).as(st.get("name").asText()).isEqualTo(in0);
            long sum = 0;
            for (JsonNode r : st.get("reasons")) {
                sum += r.asLong();
            }
            assertThat(sum).isEqualTo(st.get("rejected").asLong());
            in0 = st.get("passed").asLong();
        }
        assertThat(in0).isEqualTo(f.get("passed").asLong());
        assertThat(f.get("rejected_by_reason").get("novelty.known").asLong()).isEqualTo(1);
        assertThat(f.get("rejected_by_reason").get("duplicate.this_run").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(f.get("notes").get("spacegroup").asText()).contains("spglib");
        // the pipeline-order funnel (the campaign report's form): structures, merged, the filters as configured
        JsonNode pf = f.get("funnel");
        List<String> order = new java.util.ArrayList<>();
        pf.get("order").forEach(n -> order.add(n.asText()));
        List<String> expected = new java.util.ArrayList<>(List.of("structures", "merged"));
        expected.addAll(org.xtalflow.screen.ScreeningConfig.defaults().filters);
        assertThat(order).isEqualTo(expected);
        long left = -1;
        for (JsonNode st : pf.get("total").get("stages")) {
            if (left >= 0) {
                assertThat(st.get("in").asLong()).as(st.get("stage").asText()).isEqualTo(left);
            }
            assertThat(st.get("in").asLong())
                    .isEqualTo(st.get("out").asLong()
                            + st.get("rejected").asLong()
                            + st.get("pending").asLong());
            left = st.get("out").asLong();
        }
        assertThat(left).isEqualTo(f.get("passed").asLong());
        assertThat(pf.get("total")
                        .get("stages")
                        .get(1)
                        .get("reasons")
                        .get("input.unreadable_cif")
                        .asLong())
                .isEqualTo(1);
        assertThat(pf.get("glossary").get("novelty.known").asText()).contains("known");

        long survivors;
        try (Stream<Path> s = Files.list(out)) {
            survivors = s.filter(p -> p.toString().endsWith(".cif")).count();
        }
        assertThat(survivors).isEqualTo(f.get("passed").asLong()).isPositive();
        String rejectedBate = Files.readString(out.resolve("rejected").resolve("bate.cif"));
        assertThat(rejectedBate).startsWith("# rejected by novelty (novelty.known): matches known mp-1000");
        assertThat(Files.readAllLines(seen)).hasSize((int) survivors);

        // a second run over the same folder: every survivor is now a duplicate of the first run
        Path out2 = tmp.resolve("out2");
        Main.commandLine().execute("screen", in.toString(), "--out", out2.toString(), "--seen", seen.toString());
        JsonNode f2 = new ObjectMapper().readTree(out2.resolve("funnel.json").toFile());
        assertThat(f2.get("passed").asLong()).isZero();
        // the first run's survivors, and the copy that duplicated one of them within the first run
        assertThat(f2.get("rejected_by_reason").get("duplicate.previous_run").asLong())
                .isEqualTo(survivors
                        + f.get("rejected_by_reason").get("duplicate.this_run").asLong());
    }

    @Test
    void usageAndConfigurationErrorsHaveTheirExitCodes(@TempDir Path tmp) throws Exception {
        assertThat(Main.commandLine().execute("screen", tmp.toString())).isEqualTo(Main.EXIT_USAGE);
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "screening:\n  size: {max_sites: -}\n");
        assertThat(Main.commandLine()
                        .execute(
                                "screen",
                                tmp.toString(),
                                "--out",
                                tmp.resolve("o").toString(),
                                "--config",
                                bad.toString()))
                .isEqualTo(Main.EXIT_CONFIG);
    }

    @Test
    void prescreenWritesOnlyThePassingSurvivorsAndEveryonesPredictions(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path cubic = SharedData.path("structures_cubicgan_oqmd", "cifs");
        try (Stream<Path> s = Files.list(cubic)) {
            for (Path p : s.sorted().limit(30).toList()) {
                Files.copy(p, in.resolve(p.getFileName()));
            }
        }
        Path conf = Files.writeString(
                tmp.resolve("xtalflow.yaml"), "prescreen: {max_e_above_hull: 0.5, top_n_per_system: 1}\n");
        Path out = tmp.resolve("out");
        int rc = Main.commandLine()
                .execute(
                        "screen",
                        in.toString(),
                        "--out",
                        out.toString(),
                        "--config",
                        conf.toString(),
                        "--prescreen",
                        "--keep-rejected");
        assertThat(rc).isZero();
        long screened = new ObjectMapper()
                .readTree(out.resolve("funnel.json").toFile())
                .get("passed")
                .asLong();
        List<String> lines = Files.readAllLines(out.resolve("prescreen.jsonl"));
        assertThat(lines).hasSize((int) screened);
        java.util.Map<String, Integer> perSystem = new java.util.HashMap<>();
        long passed = 0;
        for (String l : lines) {
            JsonNode o = new ObjectMapper().readTree(l);
            assertThat(o.has("formation_energy_per_atom") && o.has("e_above_hull_predicted"))
                    .as(l)
                    .isTrue();
            if (o.get("passed").asBoolean()) {
                passed++;
                assertThat(o.get("e_above_hull_predicted").asDouble()).isLessThanOrEqualTo(0.5);
                assertThat(out.resolve(o.get("id").asText() + ".cif")).exists();
                String system = new org.xtalflow.crystal.io.CifReader()
                        .readStructure(out.resolve(o.get("id").asText() + ".cif"))
                        .composition()
                        .chemicalSystem();
                assertThat(perSystem.merge(system, 1, Integer::sum))
                        .as("top 1 per system: " + system)
                        .isEqualTo(1);
            } else {
                assertThat(o.get("reason").asText()).startsWith("prescreen.");
                assertThat(out.resolve(o.get("id").asText() + ".cif")).doesNotExist();
                assertThat(Files.readString(
                                out.resolve("rejected").resolve(o.get("id").asText() + ".cif")))
                        .startsWith(
                                "# rejected by prescreen (" + o.get("reason").asText());
            }
        }
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.filter(p -> p.toString().endsWith(".cif")).count()).isEqualTo(passed);
        }
    }
}
