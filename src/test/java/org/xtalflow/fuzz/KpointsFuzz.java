package org.xtalflow.fuzz;

import java.nio.charset.StandardCharsets;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.inputs.Kpoints;

/**
 * Jazzer target: the KPOINTS reader (automatic meshes, as the corrections read a job's KPOINTS
 * back). Any input either reads or ends in the reader's typed error; anything else (another
 * exception, an OutOfMemoryError, a hang) is a finding. Run with {@code scripts/fuzz.sh
 * KpointsFuzz}; its corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class KpointsFuzz {
    private KpointsFuzz() {}

    /** Called by Jazzer once before fuzzing, outside the per-input timeout. */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            Kpoints.parse(new String(data, StandardCharsets.ISO_8859_1), "KPOINTS");
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
