package org.xtalflow.generate;

import java.util.List;

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

    @Override
    default void close() {}
}
