package org.xtalflow.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a generator by the names the CLI accepts: "default", "random" or a model directory. */
public final class Generators {
    private Generators() {}

    public static Generator open(String nameOrPath) throws IOException {
        if (nameOrPath == null || nameOrPath.equals("default")) {
            return PgcgmGenerator.openDefault();
        }
        if (nameOrPath.equals("random")) {
            return new RandomSymmetricGenerator();
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isDirectory(p)) {
            throw new IOException("generator '" + nameOrPath + "' is neither default, random nor a model directory");
        }
        return PgcgmGenerator.open(p);
    }
}
