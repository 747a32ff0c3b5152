package org.xtalflow.cli;

import picocli.CommandLine.Command;

/** Commands on VASP output files. */
@Command(name = "vasp", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow vasp parse ../shared/data/vasp_outputs/outputs/vasprun.xml.gz"}, description = "Read VASP outputs (vasprun.xml, OUTCAR, OSZICAR).",
        subcommands = {VaspParseCommand.class, VaspBenchCommand.class})
public final class VaspCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
