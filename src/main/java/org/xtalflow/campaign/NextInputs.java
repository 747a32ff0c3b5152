package org.xtalflow.campaign;

import java.io.IOException;
import java.nio.file.Path;
import org.xtalflow.vasp.errors.NextAttempt;

/**
 * One engine's half of a next attempt (the seam of {@link NextAttemptBundle}): the campaign writes
 * the folder crash-safely and decides the scheduler's resources within the corrections' limits; the
 * engine corrects its own inputs. VASP: {@link VaspNextInputs} (INCAR/KPOINTS/CONTCAR per step
 * folder); GPAW: {@link GpawNextInputs} (gpaw-settings.json and the last geometry).
 */
public interface NextInputs {

    /**
     * Corrects the inputs in {@code next}, which holds a copy of the failed bundle's top-level files.
     *
     * @param results the failed job's fetched outputs
     * @return the scheduler factors the next job gets (1.0: unchanged)
     */
    NextAttempt.ResourceChange write(Path next, Path results) throws IOException;

    /** The scheduler factors the correction asks for, without writing anything. */
    NextAttempt.ResourceChange factors();

    /**
     * Whether more walltime or memory is the whole fix: when the limits allow neither, the attempt
     * is not worth repeating ({@link RetryLoop} ends it UNFIXABLE).
     */
    boolean onlyResources();

    /** Told the next job's scheduler options once they are decided (an engine whose job script must follow them). */
    default void resourcesDecided(Path next, NextAttemptBundle.Resources resources) throws IOException {}
}
