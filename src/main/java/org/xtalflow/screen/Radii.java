package org.xtalflow.screen;

import org.xtalflow.crystal.Element;

/**
 * The atomic radius (Å) the merge and distance rules use: pymatgen's empirical "Atomic radius"
 * (what PGCGM uses), falling back to the calculated radius for the few elements without one
 * (noble gases); an element with neither is bad input for screening.
 */
final class Radii {
    private Radii() {}

    static double atomicRadius(Element e) {
        double r = e.atomicRadius();
        if (Double.isNaN(r)) {
            r = e.atomicRadiusCalculated();
        }
        if (Double.isNaN(r)) {
            throw new IllegalArgumentException(
                    "element " + e.symbol() + " has no atomic radius; it cannot be screened");
        }
        return r;
    }
}
