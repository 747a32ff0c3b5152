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
@Command(name = "xtalflow", mixinStandardHelpOptions = true, version = "xtalflow 0.1.0",
        description = "Generate crystals, screen them, prepare and run VASP jobs, and analyse hulls.",
        subcommands = {
            // Each stage registers its command on its own line (keeps merges clean).
            CifCommand.class,
            RunCommand.class, CampaignCommand.class, // -- run / campaign (application)
            GenerateCommand.class, TrainCommand.class, EvaluateCommand.class, // -- generate / train / evaluate (generator)
            ScreenCommand.class, // -- screen (screening)
            PrepareCommand.class, // -- prepare (VASP inputs)
            SubmitCommand.class, JobsCommand.class, FetchCommand.class, // -- submit / jobs / fetch (HPC)
            VaspCommand.class, // -- vasp parse / harvest / hull (harvest and thermodynamics)
            HullCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INPUT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONFIG = 3;
    public static final int EXIT_REMOTE = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine commandLine() {
        return ErrorPolicy.install(new CommandLine(new Main()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
