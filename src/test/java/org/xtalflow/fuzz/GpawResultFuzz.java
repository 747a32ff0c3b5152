package org.xtalflow.fuzz;

import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.gpaw.GpawResultReader;

/**
 * Jazzer target: the GPAW job driver's result (gpaw-result.json, fetched from a cluster), from a
 * file as the harvest reads it. Any input either reads or ends in the reader's typed error;
 * anything else (another exception, an OutOfMemoryError, a hang) is a finding. Run with {@code
 * scripts/fuzz.sh GpawResultFuzz}; its corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class GpawResultFuzz {
    private GpawResultFuzz() {}

    /** Called by Jazzer once before fuzzing, outside the per-input timeout. */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            GpawResultReader.read(FuzzFiles.write("gpaw-result.json", data));
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
