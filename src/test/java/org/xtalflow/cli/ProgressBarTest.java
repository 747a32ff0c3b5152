package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rendering with a hand-moved clock (no timing involved). */
class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalBarRedrawsInPlaceWithRateAndEtaAndEndsWithASummaryLine() {
        ProgressBar bar = new ProgressBar("sampling", 1000, "samples", out, ProgressBar.Mode.TERMINAL, now::get);
        now.addAndGet(2_000_000_000L); // 2 s
        bar.set(250);
        assertThat(text())
                .isEqualTo(
                        "\rsampling [######------------------]  25% 250/1,000 samples  125 samples/s  ETA 6.0 s\u001b[K");
        bar.set(251); // within 0.1 s of the last draw: not redrawn
        assertThat(text()).doesNotContain("251");
        now.addAndGet(4_000_000_000L);
        bar.set(1000);
        bar.close();
        assertThat(text()).endsWith("\r\u001b[Ksampling: 1,000 samples in 6.0 s (167 samples/s)\n");
    }

    @Test
    void withoutATerminalTheBarPrintsPlainLinesEveryTenSecondsAndNoEscapeCodes() {
        ProgressBar bar = new ProgressBar("screening", 0, "files", out, ProgressBar.Mode.PLAIN, now::get);
        for (int i = 0; i < 100; i++) {
            now.addAndGet(500_000_000L); // 50 s in all
            bar.step(1);
        }
        bar.close();
        String[] lines = text().split("\n");
        assertThat(text()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(lines).hasSize(6); // at 10, 20, 30, 40, 50 s and the summary
        assertThat(lines[0]).isEqualTo("screening 20 files  2.00 files/s");
        assertThat(lines[5]).isEqualTo("screening: 100 files in 50.0 s (2.00 files/s)");
    }

    @Test
    void quietPrintsNothing() {
        try (ProgressBar bar = new ProgressBar("training", 10, "steps", out, ProgressBar.Mode.OFF, now::get)) {
            now.addAndGet(60_000_000_000L);
            bar.set(5);
        }
        assertThat(text()).isEmpty();
    }

    @Test
    void messagesWhileABarRunsClearAndRedrawIt() {
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(other, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar("training", 10, "steps", out, ProgressBar.Mode.TERMINAL, now::get);
        now.addAndGet(1_000_000_000L);
        bar.set(1);
        bar.messages(target).println("step 1/10  loss_D 0.1");
        assertThat(other.toString(StandardCharsets.UTF_8)).isEqualTo("step 1/10  loss_D 0.1\n");
        assertThat(text())
                .endsWith(
                        "\r\u001b[K\rtraining [##----------------------]  10% 1/10 steps  1.00 steps/s  ETA 9.0 s\u001b[K");
    }

    @Test
    void durationsReadLikeAClock() {
        assertThat(ProgressBar.duration(0.42)).isEqualTo("0.4 s");
        assertThat(ProgressBar.duration(245)).isEqualTo("4:05");
        assertThat(ProgressBar.duration(3723)).isEqualTo("1:02:03");
    }
}
