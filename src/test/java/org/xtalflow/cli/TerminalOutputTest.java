package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.camel.AppFixture;
import org.xtalflow.campaign.AppSettings;

/**
 * The README's run command as a user sees it, in a separate JVM with the product's own
 * logback.xml: on a pseudo-terminal (util-linux {@code script -qc}) and with output to a pipe.
 * At most a dozen lines besides progress bars; the libraries' lines are in the log file only.
 */
class TerminalOutputTest {

    @TempDir
    Path root;

    private List<String> command(AppSettings s, boolean tty) throws Exception {
        String cp = Path.of("target/classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(
                java.toString(),
                "-Dxtalflow.stderr.tty=" + tty,
                "-Dxtalflow.log.dir=" + root.resolve("log"),
                "-cp",
                cp,
                "org.xtalflow.cli.Main",
                "run",
                "--config",
                s.configFile().toString(),
                "--once",
                "--elements",
                "Ba,Ru,O",
                "--samples",
                "30");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private String run(List<String> cmd, boolean pty) throws Exception {
        List<String> full = new ArrayList<>();
        if (pty) {
            // script gives the child a pseudo-terminal for stdin, stdout and stderr
            full.addAll(List.of(
                    "script",
                    "-qec",
                    String.join(" ", cmd.stream().map(TerminalOutputTest::quote).toList()),
                    "/dev/null"));
        } else {
            full.addAll(cmd);
        }
        Path out = root.resolve(pty ? "pty.txt" : "pipe.txt");
        Process p = new ProcessBuilder(full)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("run finished").isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    /** The lines a terminal shows at the end: a progress bar's redraws collapse to its last state. */
    private static List<String> screenLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.replace("\r\n", "\n").split("\n")) {
            String l = raw.substring(raw.lastIndexOf('\r') + 1).replaceAll("\u001b\\[K", "");
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void theReadmeRunCommandPrintsAtMostADozenLinesOnATerminalAndInAPipe() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        String onTty = run(command(s, true), true);
        List<String> ttyLines = screenLines(onTty);
        assertThat(ttyLines).as(onTty).hasSizeLessThanOrEqualTo(12);
        assertThat(ttyLines).anyMatch(l -> l.contains("FINISHED"));

        String piped = run(command(s, false), false);
        assertThat(piped).doesNotContain("\u001b").doesNotContain("\r");
        assertThat(piped.lines().filter(l -> !l.isBlank()).count()).as(piped).isLessThanOrEqualTo(12);
        for (String text : List.of(onTty, piped)) {
            // no library logger on the console: Camel, Flyway, Quartz, Hikari, DJL
            assertThat(text)
                    .doesNotContain("org.apache.camel")
                    .doesNotContain("Flyway")
                    .doesNotContain("HikariPool")
                    .doesNotContain("Quartz")
                    .doesNotContain("CudaUtils")
                    .doesNotContain(" INFO ");
        }
        String log = Files.readString(root.resolve("log").resolve("xtalflow.log"));
        assertThat(log).contains("org.flywaydb").contains("org.apache.camel").contains("campaign");
    }
}
