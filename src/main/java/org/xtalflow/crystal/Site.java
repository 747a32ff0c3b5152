package org.xtalflow.crystal;

/**
 * One atom position: species, fractional coordinates, occupancy (1 for ordered sites) and an
 * optional label (from the CIF). Coordinates are not wrapped.
 *
 * <p>Equality is by value with a tolerance, after pymatgen's {@code Site.__eq__}: the same species,
 * occupancies within {@link #OCCUPANCY_TOL} (pymatgen's composition amount tolerance), and every
 * fractional coordinate within {@code FRAC_ATOL + FRAC_RTOL·max(|a|, |b|)} (numpy's allclose with
 * pymatgen's {@code position_atol = 1e-5}, made symmetric; fractional here, since a site carries no
 * lattice). Coordinates are compared as stored, not wrapped: 0 and 1 differ, as in pymatgen. The
 * label is a name, not part of the value. Because equality has a tolerance, the hash is the species
 * alone (what any two equal sites share).
 */
public record Site(Element species, double[] frac, double occupancy, String label) {

    /** Absolute tolerance on a fractional coordinate (pymatgen's Site.position_atol). */
    public static final double FRAC_ATOL = 1e-5;
    /** Relative tolerance on a fractional coordinate (numpy allclose's default rtol). */
    public static final double FRAC_RTOL = 1e-5;
    /** Tolerance on the occupancy (pymatgen's Composition.amount_tolerance). */
    public static final double OCCUPANCY_TOL = 1e-8;

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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Site other)) {
            return false;
        }
        if (species != other.species || Math.abs(occupancy - other.occupancy) > OCCUPANCY_TOL) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (!close(frac[i], other.frac[i], FRAC_ATOL, FRAC_RTOL)) {
                return false;
            }
        }
        return true;
    }

    /** The species' hash: equal sites may differ in coordinates within the tolerance. */
    @Override
    public int hashCode() {
        return species.hashCode();
    }

    @Override
    public String toString() {
        return "Site(" + species.symbol() + " " + frac[0] + " " + frac[1] + " " + frac[2]
                + (occupancy == 1.0 ? "" : " occ " + occupancy) + (label == null ? "" : " " + label) + ")";
    }

    /** numpy's allclose rule made symmetric: |a - b| ≤ atol + rtol·max(|a|, |b|). */
    static boolean close(double a, double b, double atol, double rtol) {
        return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
    }
}
