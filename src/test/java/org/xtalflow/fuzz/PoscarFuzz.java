package org.xtalflow.fuzz;

import java.nio.charset.StandardCharsets;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.Poscar;

/**
 * Jazzer target: the POSCAR reader. Any input either reads or ends in the reader's typed error;
 * anything else (another exception, an OutOfMemoryError, a hang) is a finding. Run with {@code
 * scripts/fuzz.sh PoscarFuzz}; its corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class PoscarFuzz {
    private PoscarFuzz() {}

    /**
     * Called by Jazzer once before fuzzing, outside the per-input timeout: loads the element
     * table and the reader's classes (slow under instrumentation on a loaded machine).
     */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            Poscar.parse(new String(data, StandardCharsets.ISO_8859_1), "POSCAR");
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
