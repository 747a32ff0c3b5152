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

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theReadmeRunCommandPrintsAtMostADozenLinesOnATerminalAndInAPipe() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}");
        String onTty = run(command(s, true), true);
        List<String> ttyLines = screenLines(onTty);
        assertThat(ttyLines).as(onTty).hasSizeLessThanOrEqualTo(12);
        assertThat(ttyLines).anyMatch(l -> l.contains("FINISHED"));
        // the bars draw while the campaign runs (redrawn in place), then close with their summary line;
        // the campaign's start is announced before them, not after the campaign is over
        assertThat(onTty).contains("\rgenerating [");
        int started = indexOf(ttyLines, l -> l.matches("campaign \\S+ started: Ba-Ru-O"));
        int generated = indexOf(ttyLines, l -> l.startsWith("generating: 90 structures in "));
        int finished = indexOf(ttyLines, l -> l.matches("campaign \\S+ FINISHED in .*"));
        assertThat(started).as(onTty).isNotNegative().isLessThan(generated);
        assertThat(generated).as(onTty).isLessThan(finished);

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
