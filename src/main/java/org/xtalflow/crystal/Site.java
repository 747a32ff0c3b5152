package org.xtalflow.crystal;

/**
 * One atom position: species, fractional coordinates, occupancy (1 for ordered sites) and an
 * optional label (from the CIF). Coordinates are not wrapped.
 */
public record Site(Element species, double[] frac, double occupancy, String label) {

    public Site {
        if (species == null) {
            throw new IllegalArgumentException("a site needs a species");
        }
        if (frac == null || frac.length != 3) {
            throw new IllegalArgumentException("a site needs 3 fractional coordinates");
        }
        for (double v : frac) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("non-finite coordinate for " + species);
            }
        }
        if (!(occupancy > 0 && occupancy <= 1 + 1e-6)) {
            throw new IllegalArgumentException("occupancy of " + species + " must be in (0, 1], got " + occupancy);
        }
        frac = frac.clone();
    }

    public Site(Element species, double[] frac) {
        this(species, frac, 1.0, species.symbol());
    }

    @Override
    public double[] frac() {
        return frac.clone();
    }
}
