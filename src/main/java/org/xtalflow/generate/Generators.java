package org.xtalflow.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a generator by the names the CLI and campaign specs accept: "pgcgm" (the shipped PGCGM
 * model; "default" is an alias), "random" (the symmetric random baseline) or a model directory.
 */
public final class Generators {
    private Generators() {}

    /** The name of the shipped model. */
    public static final String DEFAULT_MODEL = "pgcgm";

    public static Generator open(String nameOrPath) throws IOException {
        if (nameOrPath == null || nameOrPath.equals(DEFAULT_MODEL) || nameOrPath.equals("default")) {
            return PgcgmGenerator.openDefault();
        }
        if (nameOrPath.equals("random")) {
            return new RandomSymmetricGenerator();
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isDirectory(p)) {
            throw new IOException("generator '" + nameOrPath
                    + "' is neither pgcgm (the shipped model), random nor a model directory");
        }
        return PgcgmGenerator.open(p);
    }
}
