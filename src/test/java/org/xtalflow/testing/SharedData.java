package org.xtalflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared/data (large real fixtures that tests read but the product never does).
 * Fails with a clear message when it is missing instead of skipping silently.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String prop = System.getProperty("xtalflow.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
        Path data = p.resolve("data");
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException("test fixtures not found at " + data.toAbsolutePath()
                    + ": clone the project next to its shared/ folder (../shared/data) or set -Dxtalflow.shared=DIR");
        }
        return data;
    }

    public static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }
}
