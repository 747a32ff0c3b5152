package org.xtalflow.fuzz;

import java.nio.charset.StandardCharsets;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.inputs.Incar;

/**
 * Jazzer target: the INCAR reader (a job's INCAR as the run checker reads it back from a job
 * folder fetched from a cluster). Any input either reads or ends in the reader's typed error;
 * anything else (another exception, an OutOfMemoryError, a hang) is a finding. Run with {@code
 * scripts/fuzz.sh IncarFuzz}; its corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class IncarFuzz {
    private IncarFuzz() {}

    /** Called by Jazzer once before fuzzing, outside the per-input timeout. */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            Incar.parse(new String(data, StandardCharsets.ISO_8859_1), "INCAR");
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
