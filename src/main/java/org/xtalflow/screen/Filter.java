package org.xtalflow.screen;

import org.xtalflow.crystal.SpaceGroup;

/** One validity filter. Implementations are thread-safe unless they say otherwise. */
public interface Filter {

    /** Name used in the configuration's filter order and in the funnel. */
    String name();

    /** Null when the cell passes; otherwise the reason. Must not modify the cell. */
    Rejection check(Cell cell, SpaceGroup intended);

    /**
     * The pipeline's form of {@link #check}. A filter that remembers candidates (duplicates)
     * reserves this one here, in the same atomic step as its look-up, so that two identical
     * candidates screened at the same moment cannot both pass. Default: {@link #check}.
     */
    default Rejection claim(Cell cell, SpaceGroup intended, String id) {
        return check(cell, intended);
    }

    /** A candidate this filter passed with {@link #claim} was rejected by a later filter: drop its reservation. */
    default void released(Cell cell, SpaceGroup intended, String id) {}

    /**
     * Called once a cell has passed every filter (duplicate detection remembers it here, so a
     * survivor rejected by a later filter is not remembered).
     */
    default void accepted(Cell cell, SpaceGroup intended, String id) {}
}
