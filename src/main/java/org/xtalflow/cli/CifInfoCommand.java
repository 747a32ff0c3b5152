package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.crystal.io.StructureFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints formula, site count, declared space group, volume and density for each CIF. A file that
 * fails is reported and the others go on; the exit code is 1 if any failed.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow cif info --json src/main/resources/xtalflow/examples/BaTe_mp-1000.cif"},
        description =
                "Summarise CIF or POSCAR/CONTCAR files: reduced formula, sites, declared space group, volume (Å^3), density (g/cm^3).")
public final class CifInfoCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "CIF files, or POSCAR/CONTCAR (by name: POSCAR*, CONTCAR*, *.vasp)")
    List<Path> files;

    @Option(names = "--json", description = "One JSON object per line and structure.")
    boolean json;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        int failed = 0;
        CifReader reader = new CifReader();
        for (Path f : files) {
            try {
                for (CifStructure cs : StructureFiles.read(f, reader)) {
                    print(out, f, cs);
                }
            } catch (BadInputException e) {
                failed++;
                InputErrors.report(out, json, f, e);
            }
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }

    private void print(PrintStream out, Path f, CifStructure cs) {
        Structure s = cs.structure();
        String formula = s.composition().reducedFormula();
        Integer sg =
                cs.declaredSpaceGroup() == null ? null : cs.declaredSpaceGroup().number();
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("file", f.toString());
            o.put("block", cs.blockName());
            o.put("formula", formula);
            o.put("nsites", s.size());
            if (sg == null) {
                o.putNull("spacegroup_number");
            } else {
                o.put("spacegroup_number", sg);
                o.put("spacegroup_symbol", cs.declaredSpaceGroup().symbol());
            }
            o.put("volume", round(s.volume(), 6));
            o.put("density", round(s.density(), 6));
            out.println(o);
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s  %s  %d sites  sg %s  V=%.4f Å^3  rho=%.4f g/cm^3%n",
                    f,
                    formula,
                    s.size(),
                    sg == null ? "?" : cs.declaredSpaceGroup().symbol() + " (" + sg + ")",
                    s.volume(),
                    s.density());
        }
    }

    private static double round(double v, int digits) {
        double p = Math.pow(10, digits);
        return Math.round(v * p) / p;
    }
}
