package org.xtalflow.vasp.errors;

import java.time.Duration;
import java.time.Instant;

/**
 * Thresholds of the checks.
 *
 * @param nonConvergingSteps ionic steps in a row that must hit NELM for {@code non_converging}
 *                           (custodian's NonConvergingErrorHandler uses 10; 3 stops a sloshing
 *                           run sooner, and is what custodian's own test of the file uses)
 * @param entropyPerAtomTolerance largest allowed |T*S| per atom, eV (custodian: 1 meV/atom)
 * @param frozenAfter        a running job whose newest output is older than this is frozen
 *                           (custodian: 6 h); only checked when {@code running}
 * @param running            whether the job is still running (frozen-job check on)
 * @param now                the time to compare file times with
 */
public record CheckOptions(
        int nonConvergingSteps, double entropyPerAtomTolerance, Duration frozenAfter, boolean running, Instant now) {

    public CheckOptions {
        if (nonConvergingSteps < 1) {
            throw new IllegalArgumentException("nonConvergingSteps must be >= 1, got " + nonConvergingSteps);
        }
        if (!(entropyPerAtomTolerance > 0)) {
            throw new IllegalArgumentException("entropy tolerance must be > 0 eV/atom, got " + entropyPerAtomTolerance);
        }
    }

    /** The defaults of a finished run: 3 steps, 1 meV/atom, 6 h, not running. */
    public static CheckOptions defaults() {
        return new CheckOptions(3, 1e-3, Duration.ofHours(6), false, Instant.now());
    }

    public CheckOptions whileRunning(Duration frozenAfter, Instant now) {
        return new CheckOptions(nonConvergingSteps, entropyPerAtomTolerance, frozenAfter, true, now);
    }
}
