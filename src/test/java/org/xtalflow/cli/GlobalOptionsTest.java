package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --quiet / --verbose anywhere on the line, case-insensitive enum values, no command = usage error. */
class GlobalOptionsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void normal() {
        Terminal.verbosity(Terminal.Verbosity.NORMAL);
    }

    @Test
    void quietAndVerboseAreAcceptedBeforeAndAfterTheCommand() {
        assertThat(Main.commandLine()
                        .execute("--quiet", "cif", "info", "src/main/resources/xtalflow/examples/BaTe_mp-1000.cif"))
                .isZero();
        assertThat(Terminal.verbosity()).isEqualTo(Terminal.Verbosity.QUIET);
        assertThat(Terminal.progressMode()).isEqualTo(ProgressBar.Mode.OFF);
        assertThat(Main.commandLine()
                        .execute("cif", "info", "-v", "src/main/resources/xtalflow/examples/BaTe_mp-1000.cif"))
                .isZero();
        assertThat(Terminal.verbosity()).isEqualTo(Terminal.Verbosity.VERBOSE);
        Main.commandLine(); // a new command line starts from the normal verbosity
        assertThat(Terminal.verbosity()).isEqualTo(Terminal.Verbosity.NORMAL);
    }

    @Test
    void enumOptionsIgnoreCaseAsTheReadmeWritesThem() {
        assertThat(Main.commandLine()
                        .execute(
                                "vasp",
                                "parse",
                                "--kind",
                                "vasprun",
                                "../shared/data/vasp_outputs/outputs/vasprun.xml.gz"))
                .isZero();
        assertThat(Main.commandLine()
                        .execute("vasp", "parse", "--kind", "OUTCAR", "../shared/data/vasp_outputs/outputs/OUTCAR.gz"))
                .isZero();
    }

    @Test
    void noCommandPrintsTheUsageOnStderrAndExitsTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        int rc;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            rc = Main.commandLine().execute();
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertThat(rc).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Usage: xtalflow")
                .contains("no command given");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(Main.commandLine().execute("--help")).isZero();
    }
}
