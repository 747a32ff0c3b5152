package org.xtalflow.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import org.slf4j.LoggerFactory;

/**
 * Switches the console part of logback.xml for {@code --quiet} and {@code --verbose}: quiet shows
 * xtalflow's warnings and errors only; verbose shows xtalflow's DEBUG lines and the libraries'
 * INFO lines too (the log file always holds everything at INFO). Does nothing when logback is
 * not the SLF4J binding (an embedding application brings its own).
 */
final class ConsoleLogging {

    static final String XTALFLOW = "org.xtalflow";
    private static final String CONSOLE = "CONSOLE";
    private static final String LIBRARY_CONSOLE = "LIBRARY_CONSOLE";

    private ConsoleLogging() {}

    static synchronized void apply(Terminal.Verbosity v) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger own = ctx.getLogger(XTALFLOW);
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = own.getAppender(CONSOLE);
        if (console != null) {
            Level threshold = switch (v) {
                case QUIET -> Level.WARN;
                case NORMAL -> Level.INFO;
                case VERBOSE -> Level.DEBUG;
            };
            for (Filter<ILoggingEvent> f : console.getCopyOfAttachedFiltersList()) {
                if (f instanceof ThresholdFilter tf) {
                    tf.setLevel(threshold.levelStr);
                }
            }
        }
        own.setLevel(v == Terminal.Verbosity.VERBOSE ? Level.DEBUG : Level.INFO);
        Appender<ILoggingEvent> libraries = root.getAppender(LIBRARY_CONSOLE);
        if (v == Terminal.Verbosity.VERBOSE && libraries == null) {
            root.addAppender(libraryConsole(ctx));
        } else if (v != Terminal.Verbosity.VERBOSE && libraries != null) {
            root.detachAppender(libraries);
            libraries.stop();
        }
    }

    private static Appender<ILoggingEvent> libraryConsole(LoggerContext ctx) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{HH:mm:ss} %-5level %logger{24} - %msg%n");
        enc.start();
        ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
        a.setContext(ctx);
        a.setName(LIBRARY_CONSOLE);
        a.setTarget("System.err");
        a.setEncoder(enc);
        a.start();
        return a;
    }
}
