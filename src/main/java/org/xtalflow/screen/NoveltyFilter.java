package org.xtalflow.screen;

import java.util.Locale;
import org.xtalflow.crystal.SpaceGroup;

/**
 * Novelty: no known structure with the same reduced formula and space group has a fingerprint
 * within tolerance (same arrangement, up to origin, site order, cell choice and scale).
 */
public final class NoveltyFilter implements Filter {

    public static final double DEFAULT_TOLERANCE = 0.2;

    private final KnownStructures known;
    private final double tolerance;

    public NoveltyFilter(KnownStructures known, double tolerance) {
        this.known = known;
        this.tolerance = tolerance;
    }

    @Override
    public String name() {
        return "novelty";
    }

    public KnownStructures known() {
        return known;
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        Fingerprint fp = cell.fingerprint(intended.number());
        String id = known.match(fp, tolerance);
        if (id == null) {
            return null;
        }
        return new Rejection(
                "novelty.known",
                String.format(Locale.ROOT, "matches known %s (%s in %s)", id, fp.reducedFormula(), intended));
    }
}
