package org.xtalflow.cli;

import java.util.Locale;

/**
 * What this session's console is: a terminal (progress bars redraw in place) or a file or pipe
 * (plain periodic lines, no escape codes), and how talkative the user asked it to be
 * ({@code --quiet}, {@code --verbose}). Java 17 cannot ask whether stderr alone is a terminal,
 * so bin/xtalflow tells it ({@code -Dxtalflow.stderr.tty=true|false}, from {@code [ -t 2 ]});
 * without that property a console attached to the JVM counts as a terminal.
 */
public final class Terminal {

    /** How much the console says. */
    public enum Verbosity {
        QUIET,
        NORMAL,
        VERBOSE
    }

    private static volatile Verbosity verbosity = Verbosity.NORMAL;

    private Terminal() {}

    public static Verbosity verbosity() {
        return verbosity;
    }

    /** Sets the verbosity and the console logging to match ({@link ConsoleLogging}). */
    public static void verbosity(Verbosity v) {
        verbosity = v;
        ConsoleLogging.apply(v);
    }

    /** True when stderr is a terminal that understands carriage return and erase-line. */
    public static boolean isTerminal() {
        String term = System.getenv("TERM");
        if (term != null && term.toLowerCase(Locale.ROOT).equals("dumb")) {
            return false;
        }
        String tty = System.getProperty("xtalflow.stderr.tty");
        if (tty != null && !tty.isBlank()) {
            return Boolean.parseBoolean(tty.trim());
        }
        return System.console() != null;
    }

    /** How progress bars draw in this session. */
    public static ProgressBar.Mode progressMode() {
        if (verbosity == Verbosity.QUIET) {
            return ProgressBar.Mode.OFF;
        }
        return isTerminal() ? ProgressBar.Mode.TERMINAL : ProgressBar.Mode.PLAIN;
    }
}
