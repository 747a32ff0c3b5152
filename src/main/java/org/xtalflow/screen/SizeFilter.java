package org.xtalflow.screen;

import org.xtalflow.crystal.SpaceGroup;

/** At most {@code maxSites} atoms in the cell (DFT cost grows as N^3). */
public final class SizeFilter implements Filter {

    public static final int DEFAULT_MAX_SITES = 32;
    private final int maxSites;

    public SizeFilter(int maxSites) {
        if (maxSites < 1) {
            throw new IllegalArgumentException("size.max_sites must be >= 1");
        }
        this.maxSites = maxSites;
    }

    @Override
    public String name() {
        return "size";
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        if (cell.size() > maxSites) {
            return new Rejection("size.too_many_sites", cell.size() + " sites > " + maxSites);
        }
        if (cell.size() == 0) {
            return new Rejection("size.empty", "no sites");
        }
        return null;
    }
}
