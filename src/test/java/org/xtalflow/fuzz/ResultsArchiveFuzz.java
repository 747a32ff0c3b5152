package org.xtalflow.fuzz;

import org.xtalflow.hpc.HostileArchiveException;
import org.xtalflow.hpc.SafeArchive;

/**
 * Jazzer target: the results archive reader (a job's tar.gz fetched from a cluster), unpacked into
 * a fresh folder as the harvest does (SafeArchive.extract checks every entry before writing). Any input either reads or ends in the reader's typed error; anything
 * else (another exception, an OutOfMemoryError, a hang) is a finding. Run with {@code
 * scripts/fuzz.sh ResultsArchiveFuzz}; its corpus and crashes replay in {@link
 * FuzzRegressionTest}.
 */
public final class ResultsArchiveFuzz {
    /** Small caps, so that a fuzzed archive cannot fill the disk. */
    private static final SafeArchive.Limits LIMITS = new SafeArchive.Limits(1 << 20, 4 << 20, 100);

    private ResultsArchiveFuzz() {}

    /**
     * Called by Jazzer once before fuzzing, outside the per-input timeout: loads the element
     * table and the reader's classes (slow under instrumentation on a loaded machine).
     */
    public static void fuzzerInitialize() {
        FuzzFiles.warmUp();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        try {
            // extract checks the whole archive first, as the harvest calls it (a separate check()
            // here would parse every input once more for no new code)
            SafeArchive.extract(FuzzFiles.write("results.tar.gz", data), FuzzFiles.freshPath("unpacked"), LIMITS);
        } catch (HostileArchiveException expected) {
            // the one exception a bad archive may raise
        }
    }
}
