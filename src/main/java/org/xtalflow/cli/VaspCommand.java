package org.xtalflow.cli;

import picocli.CommandLine.Command;

/** Commands on VASP output files. */
@Command(
        name = "vasp",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow vasp check --json ../shared/data/vasp_errors/files/vasp.zbrent"},
        description = "Read VASP outputs (vasprun.xml, OUTCAR, OSZICAR) and check runs for errors.",
        subcommands = {VaspParseCommand.class, VaspCheckCommand.class, VaspBenchCommand.class})
public final class VaspCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
