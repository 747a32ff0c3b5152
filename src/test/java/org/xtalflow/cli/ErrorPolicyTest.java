package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.StoreException;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.hpc.ClusterConfigException;
import org.xtalflow.hpc.HpcException;
import picocli.CommandLine;

/** One mapping from exceptions to exit codes and messages for every command (README "Exit codes"). */
class ErrorPolicyTest {

    @TempDir
    Path tmp;

    record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void aConfigurationTypoExitsThreeWithFileKeyAndKnownKeysAndNoStackTrace() throws IOException {
        Path conf = tmp.resolve("bad.yaml");
        Files.writeString(
                conf,
                Files.readString(Path.of("conf", "xtalflow.yaml")).replace("  references: \"\"", "  refernces: \"\""));
        String expected = "error: " + conf + ": unknown key 'thermo.refernces' (known: correction, references, mp)";
        for (String[] args : new String[][] {
            {"run", "--config", conf.toString()},
            {"screen", tmp.toString(), "--out", tmp.resolve("out").toString(), "--config", conf.toString()},
            {"prepare", tmp.toString(), "--out", tmp.resolve("out").toString(), "--config", conf.toString()},
            {"jobs", "--config", conf.toString(), "--store", tmp.resolve("s.db").toString()}
        }) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(Main.EXIT_CONFIG);
            assertThat(r.err().strip()).as(args[0]).isEqualTo(expected);
        }
    }

    /** Issue 17: a bad cron reached Quartz at start and ended in its stack trace with exit code 1. */
    @Test
    void aBadNightlyCronExitsThreeNamingTheKeyAndNoStackTrace() throws IOException {
        Path conf = tmp.resolve("cron.yaml");
        Files.writeString(
                conf,
                Files.readString(Path.of("conf", "xtalflow.yaml"))
                        .replace("cron: \"0 0 2 * * ?\"", "cron: \"0 0 25 * * ?\""));
        Run r = run("run", "--config", conf.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err())
                .startsWith("error: " + conf + ": application.nightly.cron '0 0 25 * * ?' is not a Quartz cron")
                .contains("e.g. \"0 0 2 * * ?\"")
                .doesNotContain("\tat ");
    }

    /** Issue 17: a configuration outside the project looked for routes/ and templates/ beside itself and failed late. */
    @Test
    void aConfigurationOutsideTheProjectExitsThreeNamingTheMissingFolder() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("elsewhere")).resolve("xtalflow.yaml");
        String shipped = Files.readString(Path.of("conf", "xtalflow.yaml"));
        Files.writeString(conf, shipped);
        Run r = run("run", "--config", conf.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err())
                .startsWith("error: " + conf + ": application.routes_dir: no folder " + tmp.resolve("routes"))
                .contains("set routes_dir to an absolute path")
                .doesNotContain("\tat ");
        Files.writeString(
                conf,
                shipped.replace(
                        "  routes_dir: routes ",
                        "  routes_dir: " + Path.of("routes").toAbsolutePath() + " "));
        Run t = run("run", "--config", conf.toString());
        assertThat(t.code()).as(t.err()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(t.err())
                .startsWith("error: " + conf + ": application.templates_dir: no folder " + tmp.resolve("templates"))
                .doesNotContain("\tat ");
        assertThat(tmp.resolve("var")).doesNotExist(); // refused before anything was created
    }

    @Test
    void aMissingConfigurationExitsThreeAndSaysHowToGiveOne() {
        Run r = run("run", "--config", tmp.resolve("missing.yaml").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(r.err())
                .startsWith("error: cannot read configuration ")
                .contains("missing.yaml")
                .contains("--config")
                .doesNotContain("\tat ");
    }

    @Test
    void usageErrorsExitTwo() {
        Run unknownOption = run("screen", "--outt", "x");
        assertThat(unknownOption.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(unknownOption.err()).startsWith("error: Unknown option: '--outt'");
        Run missing = run("screen");
        assertThat(missing.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.err().strip())
                .isEqualTo("error: screen needs IN_DIR and --out OUT_DIR (see xtalflow screen --help)");
    }

    @Test
    void eachKindOfFailureHasItsExitCode() {
        ErrorPolicy p = new ErrorPolicy();
        assertThat(p.getExitCode(new ConfigurationException("x"))).isEqualTo(3);
        assertThat(p.getExitCode(new ClusterConfigException("x"))).isEqualTo(3);
        assertThat(p.getExitCode(new StoreException("x"))).isEqualTo(3);
        assertThat(p.getExitCode(new IOException("x"))).isEqualTo(3);
        assertThat(p.getExitCode(new HpcException("x"))).isEqualTo(4);
        assertThat(p.getExitCode(new UsageException("x"))).isEqualTo(2);
        assertThat(p.getExitCode(new BadInputException("f.cif", 3, "x"))).isEqualTo(1);
        assertThat(p.getExitCode(new IllegalStateException("a bug"))).isEqualTo(1);
    }
}
