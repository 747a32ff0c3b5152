package org.xtalflow.vasp.errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which file of a run folder is which: VASP's standard output and error and the scheduler's logs
 * (scanned for messages), OSZICAR, OUTCAR, vasprun.xml (each possibly .gz), INCAR, and the marker
 * the job script leaves when it stopped VASP for the walltime.
 */
public final class RunFiles {

    /** Written by the job script when it wrote a STOPCAR because the walltime was running out. */
    public static final String WALLTIME_MARKER = "xtalflow-walltime-stop";

    /** What a single file is, told from its name. */
    public enum Kind {
        TEXT,
        OSZICAR,
        OUTCAR,
        VASPRUN,
        OTHER
    }

    private RunFiles() {}

    public static Kind kind(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.contains("vasprun") || n.endsWith(".xml") || n.endsWith(".xml.gz")) {
            return Kind.VASPRUN;
        }
        if (n.startsWith("outcar")) {
            return Kind.OUTCAR;
        }
        if (n.startsWith("oszicar")) {
            return Kind.OSZICAR;
        }
        if (n.startsWith("vasp.out")
                || n.startsWith("vasp.") && !n.startsWith("vasp.chk")
                || n.startsWith("std_err")
                || n.startsWith("std_out")
                || n.startsWith("stderr")
                || n.startsWith("stdout")
                || n.endsWith(".err")
                || n.endsWith(".out")
                || n.endsWith(".log")) {
            return Kind.TEXT;
        }
        return Kind.OTHER;
    }

    /** The files of a folder worth checking, sorted by name (not recursing into step folders). */
    public static List<Path> outputs(Path folder) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> kind(p) != Kind.OTHER)
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list run folder " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }
}
