package org.xtalflow.screen;

import org.xtalflow.crystal.SpaceGroup;

/** One validity filter. Implementations are thread-safe unless they say otherwise. */
public interface Filter {

    /** Name used in the configuration's filter order and in the funnel. */
    String name();

    /** Null when the cell passes; otherwise the reason. Must not modify the cell. */
    Rejection check(Cell cell, SpaceGroup intended);

    /**
     * Called once a cell has passed every filter (duplicate detection remembers it here, so a
     * survivor rejected by a later filter is not remembered).
     */
    default void accepted(Cell cell, SpaceGroup intended, String id) {}
}
