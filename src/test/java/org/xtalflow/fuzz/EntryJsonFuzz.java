package org.xtalflow.fuzz;

import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.thermo.EntryJson;

/**
 * Jazzer target: the entries JSON reader (pymatgen ComputedEntry dicts), from a file as `hull`
 * reads it. Any input either reads or ends in the reader's typed error; anything else (another
 * exception, an OutOfMemoryError, a hang) is a finding. Run with {@code scripts/fuzz.sh
 * EntryJsonFuzz}; its corpus and crashes replay in {@link FuzzRegressionTest}.
 */
public final class EntryJsonFuzz {
    private EntryJsonFuzz() {}

    /**
     * Called by Jazzer once before fuzzing, outside the per-input timeout: loads the element
     * table and the reader's classes (slow under instrumentation on a loaded machine).
     */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            EntryJson.read(FuzzFiles.write("entries.json", data));
        } catch (BadInputException expected) {
            // the one exception a bad file may raise
        }
    }
}
