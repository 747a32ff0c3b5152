package org.xtalflow.cli;

import picocli.CommandLine.Command;

/** Commands on CIF files. */
@Command(
        name = "cif",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow cif info src/main/resources/xtalflow/examples/BaTe_mp-1000.cif"},
        description = "Read and inspect CIF files.",
        subcommands = {CifInfoCommand.class})
public final class CifCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
