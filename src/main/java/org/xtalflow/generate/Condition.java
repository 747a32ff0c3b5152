package org.xtalflow.generate;

import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

/** What one sample is conditioned on: three distinct elements (in input order) and a space group. */
public record Condition(List<Element> elements, SpaceGroup spaceGroup) {

    public Condition {
        if (elements == null || elements.size() != 3) {
            throw new IllegalArgumentException("a PGCGM sample needs exactly 3 elements, got " + elements);
        }
        if (elements.get(0) == elements.get(1)
                || elements.get(0) == elements.get(2)
                || elements.get(1) == elements.get(2)) {
            throw new IllegalArgumentException("the 3 elements must be distinct, got " + elements);
        }
        LatticePattern.require(spaceGroup);
        elements = List.copyOf(elements);
    }

    public static Condition of(SpaceGroup sg, Element a, Element b, Element c) {
        return new Condition(List.of(a, b, c), sg);
    }

    /** "Ba-Ru-O Pnma (62)". */
    @Override
    public String toString() {
        return elements.get(0).symbol() + "-" + elements.get(1).symbol() + "-"
                + elements.get(2).symbol() + " " + spaceGroup;
    }
}
