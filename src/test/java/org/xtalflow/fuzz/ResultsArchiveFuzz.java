package org.xtalflow.fuzz;

import org.xtalflow.hpc.HostileArchiveException;
import org.xtalflow.hpc.SafeArchive;

/**
 * Jazzer target: the results archive reader (a job's tar.gz fetched from a cluster): check, then
 * unpack into a fresh folder. Any input either reads or ends in the reader's typed error; anything
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
            java.nio.file.Path tar = FuzzFiles.write("results.tar.gz", data);
            SafeArchive.check(tar, LIMITS);
            SafeArchive.extract(tar, FuzzFiles.freshPath("unpacked"), LIMITS);
        } catch (HostileArchiveException expected) {
            // the one exception a bad archive may raise
        }
    }
}
