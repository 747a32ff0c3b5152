package org.xtalflow.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One scratch folder per fuzzing JVM for the readers that take a path, reused by every input: in
 * /dev/shm where there is one (a memory file system, so an input costs no disk write), else in the
 * temporary folder.
 */
final class FuzzFiles {
    private static final Path DIR;

    static {
        try {
            Path shm = Path.of("/dev/shm");
            DIR = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "xtalflow-fuzz")
                    : Files.createTempDirectory("xtalflow-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the folder holds the last input (and /dev/shm is memory): remove it whole at exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> freshPath("")));
    }

    private FuzzFiles() {}

    /** Loads what every reader needs once (the periodic table, Jackson), so that no input pays for it. */
    static void warmUp() {
        org.xtalflow.crystal.Element.of("H");
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    }

    /** Writes {@code data} to {@code name} in the scratch folder (replacing it) and returns the path. */
    static Path write(String name, byte[] data) {
        Path p = DIR.resolve(name);
        try {
            Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A path in the scratch folder where nothing exists (what was there is deleted). */
    static Path freshPath(String name) {
        Path d = DIR.resolve(name);
        try {
            if (Files.exists(d)) {
                try (var s = Files.walk(d)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }
}
