package org.xtalflow.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.outputs.Outcar;

/**
 * Jazzer target: the OUTCAR reader. Any input either reads or ends in the reader's typed error;
 * anything else (another exception, an OutOfMemoryError, a hang) is a finding. Run with {@code
 * scripts/fuzz.sh OutcarFuzz}; its corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class OutcarFuzz {
    private OutcarFuzz() {}

    /**
     * Called by Jazzer once before fuzzing, outside the per-input timeout: loads the element
     * table and the reader's classes (slow under instrumentation on a loaded machine).
     */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            Outcar.read(new ByteArrayInputStream(data), "OUTCAR");
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to read", e);
        }
    }
}
