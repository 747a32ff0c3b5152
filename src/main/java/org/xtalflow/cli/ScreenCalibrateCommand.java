package org.xtalflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.screen.Calibration;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs the merge and every filter on real structures (each against the group its CIF declares)
 * and prints, per filter, the share that passes, with the reasons of the rest.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow screen calibrate ../shared/data/mp_groundstates/cifs --failures"},
        description = "Per-filter pass shares on real structures (e.g. ../shared/data/mp_groundstates/cifs).")
public final class ScreenCalibrateCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "CIF_DIR",
            description = "Folder of real CIFs that declare their space group.")
    Path dir;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration (default conf/xtalflow.yaml when present).")
    Path config;

    @Option(names = "--failures", description = "List every structure that did not pass, with the reason.")
    boolean failures;

    @Override
    public Integer call() throws IOException {
        ScreeningConfig cfg = ScreenCommand.loadConfig(config);
        cfg.duplicateStore = null; // calibration must not write into a run's store
        List<Calibration.Entry> entries = new ArrayList<>();
        int bad = 0;
        CifReader reader = new CifReader();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".cif"))
                    .sorted()
                    .toList();
        }
        for (Path f : files) {
            try {
                for (CifStructure cs : reader.read(f)) {
                    if (cs.declaredSpaceGroup() == null) {
                        System.err.println("skipped: " + f + " declares no space group");
                        bad++;
                        continue;
                    }
                    String name = f.getFileName().toString();
                    entries.add(new Calibration.Entry(
                            name.substring(0, name.length() - 4), cs.structure(), cs.declaredSpaceGroup()));
                }
            } catch (BadInputException e) {
                System.err.println("error: " + e.getMessage());
                bad++;
            }
        }
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            Map<String, Calibration.Row> rows = new Calibration(p.merger(), p.filters()).run(entries);
            System.out.println(entries.size() + " structures from " + dir);
            System.out.println("notes: " + p.funnel().toMap().get("notes"));
            System.out.print(Calibration.table(rows));
            if (failures) {
                for (Calibration.Row r : rows.values()) {
                    for (String f : r.failures) {
                        System.out.println(r.name + "\t" + f);
                    }
                }
            }
        }
        return bad == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }
}
