package org.xtalflow.generate;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Samples crystal candidates: one {@link GeneratedSample} (three base-site sets and a lattice)
 * per condition. The same conditions and seed give the same output.
 */
public interface Generator extends AutoCloseable {

    /** A short name for reports ("random", "pgcgm:default", a path). */
    String name();

    /** The elements and space groups the generator can be asked for, and how PGCGM draws them. */
    ModelSpec spec();

    List<GeneratedSample> sample(List<Condition> conditions, long seed);

    /**
     * {@link #sample(List, long)} (the same samples) that tells {@code progress} the number of
     * samples drawn so far after each batch, for a progress bar. Default: once, at the end.
     */
    default List<GeneratedSample> sample(List<Condition> conditions, long seed, LongConsumer progress) {
        List<GeneratedSample> out = sample(conditions, seed);
        progress.accept(out.size());
        return out;
    }

    @Override
    default void close() {}
}
