package org.xtalflow.fuzz;

import java.io.ByteArrayInputStream;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.outputs.Vasprun;

/**
 * Jazzer target: the vasprun.xml reader (StAX), strict or lenient by the first byte. Any input
 * either reads or ends in the reader's typed error; anything else (another exception, an
 * OutOfMemoryError, a hang) is a finding. Run with {@code scripts/fuzz.sh VasprunFuzz}; its corpus
 * and crashes replay in {@link FuzzRegressionTest}.
 */
public final class VasprunFuzz {
    private VasprunFuzz() {}

    /**
     * Called by Jazzer once before fuzzing, outside the per-input timeout: loads the element
     * table and the reader's classes (slow under instrumentation on a loaded machine).
     */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean lenient = (data[0] & 1) == 1;
        try {
            Vasprun.read(new ByteArrayInputStream(data, 1, data.length - 1), "vasprun.xml", lenient);
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
