package org.xtalflow.screen;

import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

/**
 * A structure to screen: the expanded cell, the space group it was generated in (the filters check
 * it is retained) and an id that names it in the funnel, in logs and in output file names.
 */
public record Candidate(String id, Structure structure, SpaceGroup spaceGroup) {
    public Candidate {
        if (id == null || structure == null || spaceGroup == null) {
            throw new IllegalArgumentException("a candidate needs an id, a structure and an intended space group");
        }
    }
}
