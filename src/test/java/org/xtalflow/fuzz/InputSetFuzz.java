package org.xtalflow.fuzz;

import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.vasp.inputs.InputSetConfig;

/**
 * Jazzer target: a user VASP input set (the INCAR, KPOINTS and POTCAR settings, YAML), as
 * `input_set: FILE` loads it. Any input either reads or ends in the reader's typed error; anything
 * else (another exception, an OutOfMemoryError, a hang) is a finding. Run with {@code
 * scripts/fuzz.sh InputSetFuzz}; its corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class InputSetFuzz {
    private InputSetFuzz() {}

    /**
     * Called by Jazzer once before fuzzing, outside the per-input timeout: loads the element
     * table and the reader's classes (slow under instrumentation on a loaded machine).
     */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            InputSetConfig.fromFile(FuzzFiles.write("fuzzset.yaml", data));
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
