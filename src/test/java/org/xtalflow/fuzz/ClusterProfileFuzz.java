package org.xtalflow.fuzz;

import org.xtalflow.hpc.ClusterConfigException;
import org.xtalflow.hpc.ClusterProfiles;

/**
 * Jazzer target: the cluster profiles file (clusters: YAML). Any input either reads or ends in the
 * reader's typed error; anything else (another exception, an OutOfMemoryError, a hang) is a
 * finding. Run with {@code scripts/fuzz.sh ClusterProfileFuzz}; its corpus and crashes replay in
 * {@link FuzzRegressionTest}.
 */
public final class ClusterProfileFuzz {
    private ClusterProfileFuzz() {}

    /**
     * Called by Jazzer once before fuzzing, outside the per-input timeout: loads the element
     * table and the reader's classes (slow under instrumentation on a loaded machine).
     */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            ClusterProfiles.load(FuzzFiles.write("clusters.yaml", data), name -> null);
        } catch (ClusterConfigException expected) {
            // the one exception a bad file may raise
        }
    }
}
