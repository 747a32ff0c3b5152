package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.camel.AppFixture;
import org.xtalflow.campaign.AppSettings;

/** `run --once` and `campaign start|report` in-process, with their exit codes. */
class RunCommandTest {

    @TempDir
    Path root;

    @Test
    void onceRunsACampaignToItsReportAndBadOptionsAreUsageErrors() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        String conf = s.configFile().toString();
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true));
            rc = Main.commandLine()
                    .execute(
                            "run",
                            "--config",
                            conf,
                            "--once",
                            "--elements",
                            "Ba,Ru,O",
                            "--samples",
                            "60",
                            "--generator",
                            "random",
                            "--seed",
                            "3");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertThat(rc).as(out).isZero();
        assertThat(out).contains("report: ").contains("submission needs a cluster profile");
        String id = out.lines()
                .filter(l -> l.startsWith("campaign ") && l.endsWith("started: Ba-Ru-O"))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];
        Path dir = s.workDir().resolve("campaigns").resolve(id);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("- sampling seed: 3 (from the spec");
        try (Stream<Path> bundles = Files.list(s.outbox().resolve(id))) {
            assertThat(bundles.count()).isPositive();
        }
        assertThat(Main.commandLine().execute("campaign", "report", "--config", conf, id))
                .isZero();
        assertThat(Main.commandLine().execute("campaign", "report", "--config", conf, "c-none"))
                .isEqualTo(Main.EXIT_INPUT_FAILED);

        assertThat(Main.commandLine().execute("run", "--config", conf, "--once", "--elements", "Ba,Xx,O"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine()
                        .execute("run", "--config", conf, "--once", "--elements", "Ba,Ru,O", "--samples", "0"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine()
                        .execute("run", "--config", conf, "--once", "--elements", "Ba,Ru,O", "--cluster", "nope"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine()
                        .execute("run", "--config", conf, "--once", "--elements", "Ba,Ru,O", "--seed", "-1"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine()
                        .execute("run", "--config", conf, "--once", "--elements", "Ba,Ru,O", "--seed", "x"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine().execute("run", "--config", conf, "--seed", "4"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.commandLine()
                        .execute("run", "--config", root.resolve("missing.yaml").toString()))
                .isEqualTo(Main.EXIT_CONFIG);

        // Without --wait, campaign start hands a spec to the running application's inbox.
        assertThat(Main.commandLine()
                        .execute(
                                "campaign",
                                "start",
                                "--config",
                                conf,
                                "--elements",
                                "Sr Ti O",
                                "--samples",
                                "5",
                                "--seed",
                                "9"))
                .isZero();
        try (Stream<Path> inbox = Files.list(s.inbox())) {
            Path spec = inbox.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readString(spec))
                    .contains("\"systems\":[\"Sr-Ti-O\"]")
                    .contains("\"samples\":5")
                    .contains("\"seed\":9");
        }
    }

    @Test
    void badThermoReferencesAreAConfigurationError() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        Files.writeString(
                s.configFile(),
                Files.readString(s.configFile()) + "thermo:\n  references: [bundled, missing-compounds.json]\n");
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(buf, true));
            rc = Main.commandLine()
                    .execute(
                            "run",
                            "--config",
                            s.configFile().toString(),
                            "--once",
                            "--elements",
                            "Ba,Ru,O",
                            "--generator",
                            "random");
        } finally {
            System.setErr(old);
        }
        assertThat(rc).isEqualTo(Main.EXIT_CONFIG);
        assertThat(buf.toString()).contains("error: thermo section of ").contains("missing-compounds.json");
    }
}
