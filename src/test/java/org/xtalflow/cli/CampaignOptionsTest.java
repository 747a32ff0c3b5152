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
}
