package org.xtalflow.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A periodic crystal: a {@link Lattice} and its sites. Immutable; coordinates are fractional.
 *
 * <p>Equality is by value, after pymatgen's {@code Structure.__eq__}: equal lattices (see
 * {@link Lattice}), the same number of sites, and every site of each found among the other's (see
 * {@link Site} for the tolerances). Site order does not matter; coordinates are not wrapped. The
 * hash is the number of sites of each element, which equal structures share exactly (pymatgen
 * hashes the composition).
 */
public final class Structure {

    /** Grams per amu divided by cm³ per Å³: density(g/cm³) = mass(amu) · this / volume(Å³). */
    private static final double AMU_PER_A3_TO_G_PER_CM3 = 1.66053906660;

    private final Lattice lattice;
    private final List<Site> sites;

    public Structure(Lattice lattice, List<Site> sites) {
        if (lattice == null) {
            throw new IllegalArgumentException("a structure needs a lattice");
        }
        this.lattice = lattice;
        this.sites = Collections.unmodifiableList(new ArrayList<>(sites));
    }

    public Lattice lattice() {
        return lattice;
    }

    public List<Site> sites() {
        return sites;
    }

    public Site site(int i) {
        return sites.get(i);
    }

    public int size() {
        return sites.size();
    }

    public Element species(int i) {
        return sites.get(i).species();
    }

    /** Composition weighted by occupancy, elements in order of first appearance. */
    public Composition composition() {
        Map<Element, Double> m = new LinkedHashMap<>();
        for (Site s : sites) {
            m.merge(s.species(), s.occupancy(), Double::sum);
        }
        return Composition.of(m);
    }

    /** Density in g/cm³. */
    public double density() {
        return composition().weight() * AMU_PER_A3_TO_G_PER_CM3 / lattice.volume();
    }

    /** Volume in Å³. */
    public double volume() {
        return lattice.volume();
    }

    /** Minimum-image distance (Å) between sites i and j. */
    public double distance(int i, int j) {
        double[] a = sites.get(i).frac();
        double[] b = sites.get(j).frac();
        return lattice.distance(a, b);
    }

    /** Periodic (minimum-image) distance matrix in Å. */
    public double[][] distanceMatrix() {
        int n = sites.size();
        double[][] f = fracArray();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = Math.sqrt(lattice.distanceSquared(f[j][0] - f[i][0], f[j][1] - f[i][1], f[j][2] - f[i][2]));
                d[i][j] = v;
                d[j][i] = v;
            }
        }
        return d;
    }

    /** A neighbour of a site: which site, which periodic image, and how far (Å). */
    public record Neighbor(int index, int[] image, double distance) {}

    /**
     * All neighbours of site i within r Å, over every periodic image (a site may appear several
     * times through different images; the site itself appears through its non-zero images).
     */
    public List<Neighbor> neighbors(int i, double r) {
        double[] rl = lattice.reciprocalLengths();
        int[] nmax = new int[3];
        for (int k = 0; k < 3; k++) {
            nmax[k] = (int) Math.ceil(r * rl[k]) + 1;
        }
        double[] fi = sites.get(i).frac();
        List<Neighbor> out = new ArrayList<>();
        double[] cart = new double[3];
        double r2 = r * r;
        for (int j = 0; j < sites.size(); j++) {
            double[] fj = sites.get(j).frac();
            double dx = fj[0] - fi[0];
            double dy = fj[1] - fi[1];
            double dz = fj[2] - fi[2];
            for (int a = -nmax[0]; a <= nmax[0]; a++) {
                for (int b = -nmax[1]; b <= nmax[1]; b++) {
                    for (int c = -nmax[2]; c <= nmax[2]; c++) {
                        if (j == i && a == 0 && b == 0 && c == 0) {
                            continue;
                        }
                        lattice.cartesian(dx + a, dy + b, dz + c, cart);
                        double d2 = cart[0] * cart[0] + cart[1] * cart[1] + cart[2] * cart[2];
                        if (d2 <= r2) {
                            out.add(new Neighbor(j, new int[] {a, b, c}, Math.sqrt(d2)));
                        }
                    }
                }
            }
        }
        out.sort((p, q) -> Double.compare(p.distance(), q.distance()));
        return out;
    }

    /** Fractional coordinates as an n x 3 array (a copy). */
    public double[][] fracArray() {
        double[][] f = new double[sites.size()][];
        for (int i = 0; i < f.length; i++) {
            f[i] = sites.get(i).frac();
        }
        return f;
    }

    /** Cartesian coordinates in Å as an n x 3 array. */
    public double[][] cartArray() {
        double[][] c = new double[sites.size()][];
        for (int i = 0; i < c.length; i++) {
            c[i] = lattice.cartesian(sites.get(i).frac());
        }
        return c;
    }

    /** A copy with every coordinate wrapped into [0, 1). */
    public Structure wrapped() {
        List<Site> out = new ArrayList<>(sites.size());
        for (Site s : sites) {
            double[] f = s.frac();
            out.add(new Site(
                    s.species(),
                    new double[] {
                        SymmetryExpansion.wrap(f[0]), SymmetryExpansion.wrap(f[1]), SymmetryExpansion.wrap(f[2])
                    },
                    s.occupancy(),
                    s.label()));
        }
        return new Structure(lattice, out);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Structure other)) {
            return false;
        }
        if (sites.size() != other.sites.size()
                || !siteCounts().equals(other.siteCounts())
                || !lattice.equals(other.lattice)) {
            return false;
        }
        // both ways, so that equality stays symmetric when sites repeat
        return other.sites.containsAll(sites) && sites.containsAll(other.sites);
    }

    /** The number of sites of each element: shared exactly by structures equal within the tolerance. */
    @Override
    public int hashCode() {
        return siteCounts().hashCode();
    }

    private Map<Element, Integer> siteCounts() {
        Map<Element, Integer> counts = new HashMap<>();
        for (Site s : sites) {
            counts.merge(s.species(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public String toString() {
        return "Structure(" + composition().reducedFormula() + ", " + size() + " sites, " + lattice + ")";
    }
}
