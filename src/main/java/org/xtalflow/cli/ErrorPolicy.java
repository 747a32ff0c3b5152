package org.xtalflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.xtalflow.campaign.StoreException;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.hpc.HpcException;
import org.xtalflow.thermo.mp.MaterialsProjectException;
import picocli.CommandLine;

/**
 * The one mapping from what went wrong to an exit code and a message, for every command (README
 * "Exit codes"): 0 success; 1 some inputs failed; 2 usage error; 3 configuration or build error;
 * 4 remote or cluster failure. The known failures print one line {@code error: MESSAGE} (the
 * message names the file, key or job and says what to do); only an unexpected exception, a bug,
 * prints its stack trace. Commands that go on past a bad input report it themselves (per file,
 * {@link InputErrors}) and return 1.
 */
final class ErrorPolicy
        implements CommandLine.IExecutionExceptionHandler,
                CommandLine.IExitCodeExceptionMapper,
                CommandLine.IParameterExceptionHandler {

    /** Installs the policy on a command line and all its subcommands. */
    static CommandLine install(CommandLine cl) {
        ErrorPolicy p = new ErrorPolicy();
        return cl.setExecutionExceptionHandler(p).setExitCodeExceptionMapper(p).setParameterExceptionHandler(p);
    }

    @Override
    public int getExitCode(Throwable t) {
        // a file the command needs (model, template, output folder) that cannot be read or written: a build error
        if (t instanceof ConfigurationException || t instanceof StoreException || isIo(t)) {
            return Main.EXIT_CONFIG;
        }
        if (t instanceof HpcException) {
            return Main.EXIT_REMOTE;
        }
        if (t instanceof MaterialsProjectException mp) {
            // a missing or refused key is configuration; an unknown system is bad input; the rest is remote
            return switch (mp.kind()) {
                case NO_KEY, BAD_KEY -> Main.EXIT_CONFIG;
                case UNKNOWN_CHEMICAL_SYSTEM -> Main.EXIT_INPUT_FAILED;
                default -> Main.EXIT_REMOTE;
            };
        }
        if (t instanceof UsageException || t instanceof CommandLine.ParameterException) {
            return Main.EXIT_USAGE;
        }
        return Main.EXIT_INPUT_FAILED; // bad input, and anything unexpected
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (known(e)) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: unexpected " + e.getClass().getName() + ": " + e.getMessage()
                    + " (a bug; please report it)");
            e.printStackTrace(err);
        }
        err.flush();
        return getExitCode(e);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        }
        err.flush();
        return Main.EXIT_USAGE;
    }

    private static boolean known(Throwable t) {
        return t instanceof ConfigurationException
                || t instanceof StoreException
                || t instanceof HpcException
                || t instanceof UsageException
                || t instanceof BadInputException
                || t instanceof MaterialsProjectException
                || isIo(t);
    }

    private static boolean isIo(Throwable t) {
        return t instanceof IOException || t instanceof UncheckedIOException;
    }
}
