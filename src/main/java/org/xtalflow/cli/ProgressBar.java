package org.xtalflow.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One progress bar for a long stage: count done of a total, rate and ETA. On a terminal it
 * redraws one line in place (carriage return and erase-line, at most 10 times a second); when the
 * stream is not a terminal it prints a plain line at most every {@link #PLAIN_INTERVAL_NANOS}
 * (a log file or CI gets a few lines and no escape codes); with {@link Mode#OFF} (--quiet) it
 * prints nothing. {@link #close()} prints the closing line: total, time, mean rate.
 *
 * <p>Thread-safe: {@link #step} and {@link #set} may be called from several threads.
 */
public final class ProgressBar implements AutoCloseable {

    /** How the bar is drawn. */
    public enum Mode {
        TERMINAL,
        PLAIN,
        OFF
    }

    static final long REDRAW_INTERVAL_NANOS = 100_000_000L;
    static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;
    private static final int WIDTH = 24;

    private final String label;
    private final String unit;
    private final PrintStream out;
    private final Mode mode;
    private final LongSupplier nanos;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private long lastDraw;
    private boolean drawn;
    private boolean closed;

    /**
     * @param total the count at completion; 0 or less when unknown (then no percentage or ETA)
     * @param unit  what is counted, plural ("samples", "candidates")
     */
    public ProgressBar(String label, long total, String unit, PrintStream out, Mode mode, LongSupplier nanos) {
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.mode = mode;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.lastDraw = startNanos;
    }

    /** A bar on stderr, drawn as {@link Terminal} says this session wants. */
    public static ProgressBar start(String label, long total, String unit) {
        return new ProgressBar(label, total, unit, System.err, Terminal.progressMode(), System::nanoTime);
    }

    public void step(long n) {
        done.addAndGet(n);
        maybeDraw();
    }

    public void set(long count) {
        done.set(count);
        maybeDraw();
    }

    /**
     * A stream for lines printed while the bar runs (a trainer's step log): each line goes to
     * {@code target} with the bar cleared before and redrawn after, so they do not overwrite
     * each other on a terminal.
     */
    public PrintStream messages(PrintStream target) {
        return new PrintStream(
                new java.io.OutputStream() {
                    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

                    @Override
                    public void write(int b) {
                        line.write(b);
                        if (b == '\n') {
                            String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                            line.reset();
                            message(text, target);
                        }
                    }
                },
                true,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private synchronized void message(String text, PrintStream target) {
        if (mode == Mode.TERMINAL && drawn && !closed) {
            out.print("\r\u001b[K");
            out.flush();
        }
        target.print(text);
        target.flush();
        if (mode == Mode.TERMINAL && drawn && !closed) {
            draw(line(done.get(), nanos.getAsLong()), false);
        }
    }

    /** Changes the expected total (a stage that learns its size as it goes). */
    public void total(long newTotal) {
        total = newTotal;
        maybeDraw();
    }

    public long done() {
        return done.get();
    }

    private void maybeDraw() {
        if (mode == Mode.OFF) {
            return;
        }
        long now = nanos.getAsLong();
        long interval = mode == Mode.TERMINAL ? REDRAW_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
        synchronized (this) {
            if (closed || now - lastDraw < interval) {
                return;
            }
            lastDraw = now;
            draw(line(done.get(), now), false);
        }
    }

    private void draw(String line, boolean last) {
        if (mode == Mode.TERMINAL) {
            out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
        drawn = true;
    }

    /** The bar's text at {@code now} (no escape codes). */
    String line(long count, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? count / seconds : 0;
        long t = total;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (t > 0) {
            double f = Math.min(1, (double) count / t);
            int full = (int) Math.round(f * WIDTH);
            sb.append('[')
                    .append("#".repeat(full))
                    .append("-".repeat(WIDTH - full))
                    .append("] ");
            sb.append(String.format(Locale.ROOT, "%3d%% %,d/%,d %s", (int) Math.floor(100 * f), count, t, unit));
        } else {
            sb.append(String.format(Locale.ROOT, "%,d %s", count, unit));
        }
        sb.append("  ").append(rate(rate)).append(' ').append(unit).append("/s");
        if (t > 0 && count > 0 && count < t && rate > 0) {
            sb.append("  ETA ").append(duration((t - count) / rate));
        }
        return sb.toString();
    }

    /** Closing line: "label: 3,000 samples in 1.6 s (1,875 samples/s)". */
    String summary(long count, long now) {
        double seconds = (now - startNanos) / 1e9;
        return String.format(
                Locale.ROOT,
                "%s: %,d %s in %s (%s %s/s)",
                label,
                count,
                unit,
                duration(seconds),
                rate(seconds > 0 ? count / seconds : 0),
                unit);
    }

    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes the bar; with {@code summaryIfUndrawn} false, a bar that never showed (its stage was
     * over before the first redraw) leaves no line at all.
     */
    public synchronized void close(boolean summaryIfUndrawn) {
        if (closed) {
            return;
        }
        closed = true;
        if (mode == Mode.OFF || (!drawn && !summaryIfUndrawn)) {
            return;
        }
        long now = nanos.getAsLong();
        if (mode == Mode.TERMINAL && drawn) {
            out.print("\r\u001b[K");
        }
        out.println(summary(done.get(), now));
        out.flush();
    }

    static String rate(double perSecond) {
        return perSecond >= 100
                ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.3g", perSecond);
    }

    /** 0.4 s, 12.3 s, 4:05, 1:02:03. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
