package org.xtalflow.screen;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;

/**
 * A structure fingerprint that does not change with origin shift, site order, choice of cell
 * (primitive, conventional, supercell) or uniform scaling: per pair of elements, the partial radial
 * distribution of neighbour distances in units of d0 = (V/N)^(1/3), smoothed by Gaussians and
 * normalised per atom. Two structures match when their relative L1 difference
 * {@link #distance} is at most a tolerance. Scale invariance follows pymatgen's StructureMatcher
 * (scale=True): a candidate that is a known structure with other lattice constants is that structure.
 *
 * <p>Only candidates that reach the duplicate or novelty filter pay for it.
 */
public final class Fingerprint {

    /** Neighbour cut-off in units of d0. */
    public static final double CUTOFF = 2.5;
    /** Bin width in units of d0. */
    public static final double BIN = 0.1;
    /** Gaussian smoothing width in units of d0. */
    public static final double SIGMA = 0.08;

    static final int NBINS = (int) Math.round(CUTOFF / BIN);

    private final String reducedFormula;
    private final int spaceGroup;
    private final int nsites;
    private final float[] values;

    Fingerprint(String reducedFormula, int spaceGroup, int nsites, float[] values) {
        this.reducedFormula = reducedFormula;
        this.spaceGroup = spaceGroup;
        this.nsites = nsites;
        this.values = values;
    }

    public String reducedFormula() {
        return reducedFormula;
    }

    public int spaceGroup() {
        return spaceGroup;
    }

    public int nsites() {
        return nsites;
    }

    /** Prototype key for duplicates: reduced formula, space group, number of sites. */
    public String prototypeKey() {
        return reducedFormula + "|" + spaceGroup + "|" + nsites;
    }

    /** Key for novelty: reduced formula and space group (the known cell may hold other multiples). */
    public String formulaGroupKey() {
        return reducedFormula + "|" + spaceGroup;
    }

    float[] values() {
        return values;
    }

    /** Relative L1 difference in [0, 1]: 0 for the same structure, 1 for disjoint distributions. */
    public double distance(Fingerprint o) {
        if (o.values.length != values.length) {
            return 1.0;
        }
        double diff = 0;
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            diff += Math.abs(values[i] - o.values[i]);
            sum += values[i] + o.values[i];
        }
        return sum == 0 ? 0 : diff / sum;
    }

    public static Fingerprint of(Cell cell, int spaceGroup) {
        int n = cell.size();
        Element[] sp = cell.speciesArray();
        double[] f = cell.fracArray();
        Lattice lat = cell.lattice();
        // elements sorted by Z give a canonical pair order
        Cell.ElementCounts ec = cell.counts();
        Element[] els = ec.elements().clone();
        Arrays.sort(els);
        int ne = els.length;
        int[] type = new int[n];
        for (int i = 0; i < n; i++) {
            type[i] = Arrays.binarySearch(els, sp[i]);
        }
        Map<Element, Double> amounts = new LinkedHashMap<>();
        for (int k = 0; k < ec.elements().length; k++) {
            amounts.put(ec.elements()[k], (double) ec.counts()[k]);
        }
        String formula = Composition.of(amounts).reducedFormula();

        int npairs = ne * (ne + 1) / 2;
        float[] g = new float[npairs * NBINS];
        double d0 = Math.cbrt(lat.volume() / n);
        double rc = (CUTOFF + 3 * SIGMA) * d0;
        double rc2 = rc * rc;
        double[] rl = lat.reciprocalLengths();
        int m0 = (int) Math.ceil(rc * rl[0] + 0.5);
        int m1 = (int) Math.ceil(rc * rl[1] + 0.5);
        int m2 = (int) Math.ceil(rc * rl[2] + 0.5);
        // Cartesian image translations that can bring a wrapped difference (|d| <= half the cell
        // diagonal) within rc; precomputed once per cell.
        double[] d = new double[3];
        lat.cartesian(0.5, 0.5, 0.5, d);
        double halfDiag = 0;
        for (int sx = -1; sx <= 1; sx += 2) {
            for (int sy = -1; sy <= 1; sy += 2) {
                lat.cartesian(0.5 * sx, 0.5 * sy, 0.5, d);
                halfDiag = Math.max(halfDiag, Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]));
            }
        }
        double reach2 = (rc + halfDiag) * (rc + halfDiag);
        int maxImages = (2 * m0 + 1) * (2 * m1 + 1) * (2 * m2 + 1);
        double[] img = new double[3 * maxImages];
        int nImg = 0;
        for (int u = -m0; u <= m0; u++) {
            for (int v = -m1; v <= m1; v++) {
                for (int w = -m2; w <= m2; w++) {
                    lat.cartesian(u, v, w, d);
                    if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] <= reach2) {
                        img[3 * nImg] = d[0];
                        img[3 * nImg + 1] = d[1];
                        img[3 * nImg + 2] = d[2];
                        nImg++;
                    }
                }
            }
        }
        double inv2s2 = 1.0 / (2 * SIGMA * SIGMA);
        double norm = 1.0 / n;
        int reach = (int) Math.ceil(3 * SIGMA / BIN);
        double[] c = new double[3];
        for (int i = 0; i < n; i++) {
            int ti = type[i];
            for (int j = 0; j < n; j++) {
                int tj = type[j];
                if (tj < ti) {
                    continue; // pair (A,B) with A<B counted from the A side; A==B both ways
                }
                int pair = ti * ne - ti * (ti - 1) / 2 + (tj - ti);
                double dx = f[3 * j] - f[3 * i];
                double dy = f[3 * j + 1] - f[3 * i + 1];
                double dz = f[3 * j + 2] - f[3 * i + 2];
                lat.cartesian(dx - Math.rint(dx), dy - Math.rint(dy), dz - Math.rint(dz), c);
                for (int k = 0; k < nImg; k++) {
                    double x = c[0] + img[3 * k];
                    double y = c[1] + img[3 * k + 1];
                    double z = c[2] + img[3 * k + 2];
                    double d2 = x * x + y * y + z * z;
                    if (d2 > rc2 || d2 < 1e-12) {
                        continue; // beyond the cut-off, or the atom itself
                    }
                    double r = Math.sqrt(d2) / d0;
                    int center = (int) (r / BIN);
                    int hi = Math.min(NBINS - 1, center + reach);
                    for (int bin = Math.max(0, center - reach); bin <= hi; bin++) {
                        double dr = (bin + 0.5) * BIN - r;
                        g[pair * NBINS + bin] += (float) (norm * Math.exp(-dr * dr * inv2s2));
                    }
                }
            }
        }
        return new Fingerprint(formula, spaceGroup, n, g);
    }

    /** Compact text form (for the cross-run store): values with 4 decimals, comma-separated. */
    String valuesText() {
        StringBuilder sb = new StringBuilder(values.length * 6);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            float v = values[i];
            if (v == 0) {
                sb.append('0');
            } else {
                sb.append(Math.round(v * 10000) / 10000.0);
            }
        }
        return sb.toString();
    }

    static float[] parseValues(String text) {
        String[] parts = text.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
