package org.xtalflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The xtalflow command line. Each stage of the pipeline is a subcommand that can run alone.
 *
 * <p>Exit codes: 0 success; 1 some inputs failed (each named on stderr or in the JSON output);
 * 2 usage error; 3 configuration or build error; 4 remote or cluster failure. {@link ErrorPolicy}
 * maps exceptions to them for every command.
 */
@Command(
        name = "xtalflow",
        mixinStandardHelpOptions = true,
        version = "xtalflow 0.1.0",
        description = "Generate crystals, screen them, prepare and run VASP jobs, and analyse hulls.",
        footer = {
            "%nLibrary logs (Camel, Flyway, Quartz, DJL...) go to var/log/xtalflow.log; the console shows "
                    + "xtalflow's own messages and progress bars.",
            "%nExample:",
            "  bin/xtalflow run --once --elements Ba,Ru,O --samples 300"
        },
        subcommands = {
            // Each stage registers its command on its own line (keeps merges clean).
            CifCommand.class,
            RunCommand.class,
            CampaignCommand.class, // -- run / campaign (application)
            GenerateCommand.class,
            TrainCommand.class,
            EvaluateCommand.class, // -- generate / train / evaluate (generator)
            ScreenCommand.class, // -- screen (screening)
            PrepareCommand.class, // -- prepare (VASP inputs)
            SubmitCommand.class,
            JobsCommand.class,
            FetchCommand.class, // -- submit / jobs / fetch (HPC)
            VaspCommand.class, // -- vasp parse / harvest / hull (harvest and thermodynamics)
            HullCommand.class,
            ReferencesCommand.class, // -- references fetch / list (Materials Project cache)
            PredictCommand.class, // -- predict (CGCNN property models)
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INPUT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONFIG = 3;
    public static final int EXIT_REMOTE = 4;

    /** Width of --help text: wide enough for the examples at the end of every command's help. */
    static final int HELP_WIDTH = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description =
                    "Also show the libraries' log lines (Camel, Flyway, Quartz, DJL...) and xtalflow's debug lines.")
    void verbose(boolean on) {
        if (on) {
            Terminal.verbosity(Terminal.Verbosity.VERBOSE);
        }
    }

    @CommandLine.Option(
            names = {"-q", "--quiet"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Only warnings, errors and results: no progress bars, no progress messages.")
    void quiet(boolean on) {
        if (on) {
            Terminal.verbosity(Terminal.Verbosity.QUIET);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine commandLine() {
        Terminal.verbosity(Terminal.Verbosity.NORMAL); // options below change it for this run only
        CommandLine cl = new CommandLine(new Main());
        // --kind vasprun as the README writes it, --scheduler SLURM, ...
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(HELP_WIDTH);
        return ErrorPolicy.install(cl);
    }

    /** No command given: the usage on stderr and exit code 2, as for any other usage error. */
    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new UsageException("no command given; pick one of the commands above (e.g. 'xtalflow run --help')");
    }
}
