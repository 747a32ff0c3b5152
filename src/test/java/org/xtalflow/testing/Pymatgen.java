package org.xtalflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script under Debian's /usr/bin/python3, where python3-pymatgen and python3-spglib
 * are installed by scripts/install-deps.sh. Fails clearly when they are missing.
 */
public final class Pymatgen {
    public static final String PYTHON = "/usr/bin/python3";

    private Pymatgen() {}

    /** Runs the script with arguments; returns stdout lines; throws with stderr on failure. */
    public static List<String> run(String script, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(PYTHON + " not found: run scripts/install-deps.sh (python3-pymatgen)");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("pymatgen", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            String e = Files.readString(err);
            throw new IllegalStateException("python failed (" + cmd + "):\n" + e
                    + (e.contains("No module named") ? "\ninstall python3-pymatgen: scripts/install-deps.sh" : ""));
        }
        Files.deleteIfExists(err);
        return out.isBlank() ? List.of() : List.of(out.split("\n"));
    }
}
