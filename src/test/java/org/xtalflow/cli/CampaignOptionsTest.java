package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.camel.AppFixture;
import org.xtalflow.campaign.AppSettings;

/** Element and generator checks happen before the application boots, and name the right generator. */
class CampaignOptionsTest {

    @TempDir
    Path root;

    private record Run(int code, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int rc;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = Main.commandLine().execute(args);
        } finally {
            System.setErr(old);
        }
        return new Run(rc, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFourElementSystemNamesTheGeneratorAskedFor() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        Run r = run(
                "run",
                "--config",
                s.configFile().toString(),
                "--once",
                "--elements",
                "Ba,Ru,O,Ti",
                "--generator",
                "random");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("generator 'random' takes exactly 3").doesNotContain("pgcgm");
        Run d = run("run", "--config", s.configFile().toString(), "--once", "--elements", "Ba,Ru,O,Ti");
        assertThat(d.err()).contains("generator 'pgcgm' takes exactly 3");
    }

    @Test
    void anElementTheModelDoesNotKnowIsAUsageErrorWithTheKnownOnes() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        Run r = run("run", "--config", s.configFile().toString(), "--once", "--elements", "Po,Ru,O");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err())
                .contains("element Po is not one of the 63 elements the pgcgm model knows:")
                .contains(" Ba ")
                .contains("--generator random");
    }

    /**
     * {@code --spec FILE --generator random} with an element the PGCGM model does not know: the
     * command line's generator reaches the parser's check (the random baseline takes any element),
     * for a YAML spec and a plain element list alike; without it the spec is refused naming file,
     * line and element.
     */
    @Test
    void theGeneratorOptionReachesTheSpecFilesElementCheck() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        Path yaml = java.nio.file.Files.writeString(root.resolve("po.yaml"), "samples: 2\nelements: [Po, Ru, O]\n");
        Path text = java.nio.file.Files.writeString(root.resolve("po.txt"), "Po Ru O\n");
        for (Path spec : java.util.List.of(yaml, text)) {
            CampaignSpecOptions o = new CampaignSpecOptions();
            o.specFile = spec;
            o.generator = "random";
            org.xtalflow.campaign.CampaignSpec c = o.toSpec(s);
            assertThat(c.generator()).as(spec.toString()).isEqualTo("random");
            assertThat(c.systems()).as(spec.toString()).containsExactly(java.util.List.of("Po", "Ru", "O"));

            CampaignSpecOptions model = new CampaignSpecOptions();
            model.specFile = spec;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.toSpec(s))
                    .as(spec.toString())
                    .isInstanceOf(org.xtalflow.crystal.io.BadInputException.class)
                    .hasMessageStartingWith(spec + ":" + (spec == yaml ? 2 : 1)
                            + ": element Po is not one of the 63 elements the pgcgm model knows:");
        }
        // a spec that names the model itself is overridden by the option as well
        Path own =
                java.nio.file.Files.writeString(root.resolve("own.yaml"), "elements: [Po, Ru, O]\ngenerator: pgcgm\n");
        CampaignSpecOptions o = new CampaignSpecOptions();
        o.specFile = own;
        o.generator = "random";
        assertThat(o.toSpec(s).generator()).isEqualTo("random");
    }
}
