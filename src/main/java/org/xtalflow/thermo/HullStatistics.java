package org.xtalflow.thermo;

import java.util.List;

/**
 * The headline numbers of a screening campaign (as the PGCGM paper reports them) over a set of
 * candidates: how many have a negative formation energy, lie on the hull, or lie within 0.1 and
 * 0.25 eV/atom of it, with histograms of both quantities. Energies in eV/atom.
 *
 * @param count          candidates counted
 * @param formationBelow0 E_f &lt; 0
 * @param onHull         e_above_hull &lt;= {@link #ON_HULL_TOL}
 * @param hullBelow0p1   e_above_hull &lt; 0.1
 * @param hullBelow0p25  e_above_hull &lt; 0.25
 */
public record HullStatistics(
        int count,
        int formationBelow0,
        int onHull,
        int hullBelow0p1,
        int hullBelow0p25,
        Histogram formationEnergy,
        Histogram eAboveHull) {

    /** e_above_hull at or below this (eV/atom) counts as on the hull. */
    public static final double ON_HULL_TOL = 1e-8;

    /** Equal-width bins from {@code min} in steps of {@code width}; values outside are clamped into the end bins. */
    public record Histogram(double min, double width, int[] counts) {
        public double binStart(int i) {
            return min + i * width;
        }
    }

    public static HullStatistics of(double[] formationEnergyPerAtom, double[] eAboveHull) {
        if (formationEnergyPerAtom.length != eAboveHull.length) {
            throw new IllegalArgumentException("one formation energy and one e_above_hull per candidate");
        }
        int n = eAboveHull.length;
        int ef = 0;
        int on = 0;
        int b1 = 0;
        int b25 = 0;
        for (int i = 0; i < n; i++) {
            if (formationEnergyPerAtom[i] < 0) {
                ef++;
            }
            if (eAboveHull[i] <= ON_HULL_TOL) {
                on++;
            }
            if (eAboveHull[i] < 0.1) {
                b1++;
            }
            if (eAboveHull[i] < 0.25) {
                b25++;
            }
        }
        return new HullStatistics(
                n, ef, on, b1, b25, histogram(formationEnergyPerAtom, 0.1), histogram(eAboveHull, 0.05));
    }

    public static HullStatistics of(List<PhaseDiagram.HullPoint> points) {
        double[] ef = new double[points.size()];
        double[] eh = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            ef[i] = points.get(i).formationEnergyPerAtom();
            eh[i] = points.get(i).eAboveHull();
        }
        return of(ef, eh);
    }

    /** Bins of the given width aligned on multiples of it, covering all values (at most 400 bins). */
    static Histogram histogram(double[] v, double width) {
        if (v.length == 0) {
            return new Histogram(0, width, new int[0]);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        double start = Math.floor(lo / width) * width;
        int bins = Math.max(1, (int) Math.floor((hi - start) / width) + 1);
        if (bins > 400) {
            width = (hi - start) / 399;
            bins = 400;
        }
        int[] c = new int[bins];
        for (double x : v) {
            int i = (int) Math.floor((x - start) / width);
            c[Math.min(bins - 1, Math.max(0, i))]++;
        }
        return new Histogram(start, width, c);
    }

    public double share(int k) {
        return count == 0 ? 0 : (double) k / count;
    }
}
