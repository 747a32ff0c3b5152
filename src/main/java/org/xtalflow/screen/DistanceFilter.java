package org.xtalflow.screen;

import java.util.Locale;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.SpaceGroup;

/**
 * Every pair of atoms (minimum image, exact for any cell) farther apart than {@code minAngstrom}
 * and than {@code radiusRatio} x (r_i + r_j), atomic radii as PGCGM uses them. A site's distance
 * to its own periodic images (the shortest lattice vector) is checked too: pymatgen's distance
 * matrix skips it, but a 1 Å lattice vector is just as unphysical as a 1 Å bond.
 */
public final class DistanceFilter implements Filter {

    public static final double DEFAULT_MIN_ANGSTROM = 0.5;
    public static final double DEFAULT_RADIUS_RATIO = 0.75;

    private final double minAngstrom;
    private final double radiusRatio;

    public DistanceFilter(double minAngstrom, double radiusRatio) {
        if (!(minAngstrom >= 0) || !(radiusRatio >= 0)) {
            throw new IllegalArgumentException("distance.min_angstrom and distance.radius_ratio must be >= 0");
        }
        this.minAngstrom = minAngstrom;
        this.radiusRatio = radiusRatio;
    }

    @Override
    public String name() {
        return "distance";
    }

    @Override
    public Rejection check(Cell cell, SpaceGroup intended) {
        int n = cell.size();
        Lattice lat = cell.lattice();
        double[] f = cell.fracArray();
        Element[] sp = cell.speciesArray();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = Radii.atomicRadius(sp[i]);
        }
        // self images: the shortest lattice vector against the largest same-element threshold
        double rMax = 0;
        Element eMax = null;
        for (int i = 0; i < n; i++) {
            if (r[i] > rMax) {
                rMax = r[i];
                eMax = sp[i];
            }
        }
        double shortest = shortestLatticeVector(lat);
        double selfLimit = Math.max(minAngstrom, radiusRatio * 2 * rMax);
        if (shortest <= selfLimit) {
            return new Rejection(
                    "distance.too_close",
                    String.format(
                            Locale.ROOT,
                            "%s is %.3f Å from its own periodic image (limit %.3f Å)",
                            eMax,
                            shortest,
                            selfLimit));
        }
        for (int i = 0; i < n; i++) {
            double xi = f[3 * i];
            double yi = f[3 * i + 1];
            double zi = f[3 * i + 2];
            for (int j = i + 1; j < n; j++) {
                double lim = Math.max(minAngstrom, radiusRatio * (r[i] + r[j]));
                double d2 = lat.distanceSquared(f[3 * j] - xi, f[3 * j + 1] - yi, f[3 * j + 2] - zi);
                if (d2 <= lim * lim) {
                    return new Rejection(
                            "distance.too_close",
                            String.format(
                                    Locale.ROOT, "%s%d-%s%d %.3f Å <= %.3f Å", sp[i], i, sp[j], j, Math.sqrt(d2), lim));
                }
            }
        }
        return null;
    }

    /**
     * Length (Å) of the shortest non-zero lattice vector, exact: it is at most L = min(a, b, c),
     * and any vector n·M of length <= L has |n_i| <= L·|b*_i|.
     */
    static double shortestLatticeVector(Lattice lat) {
        double l = Math.min(lat.a(), Math.min(lat.b(), lat.c()));
        double[] rl = lat.reciprocalLengths();
        int n0 = (int) Math.floor(l * rl[0] + 1e-9);
        int n1 = (int) Math.floor(l * rl[1] + 1e-9);
        int n2 = (int) Math.floor(l * rl[2] + 1e-9);
        double best = l * l;
        for (int i = -n0; i <= n0; i++) {
            for (int j = -n1; j <= n1; j++) {
                for (int k = 0; k <= n2; k++) {
                    if (k == 0 && (j < 0 || (j == 0 && i <= 0))) {
                        continue; // v and -v have the same length; skip the zero vector
                    }
                    double x = i * lat.get(0, 0) + j * lat.get(1, 0) + k * lat.get(2, 0);
                    double y = i * lat.get(0, 1) + j * lat.get(1, 1) + k * lat.get(2, 1);
                    double z = i * lat.get(0, 2) + j * lat.get(1, 2) + k * lat.get(2, 2);
                    best = Math.min(best, x * x + y * y + z * z);
                }
            }
        }
        return Math.sqrt(best);
    }
}
