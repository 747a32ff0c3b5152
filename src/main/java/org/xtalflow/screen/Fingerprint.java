package org.xtalflow.screen;

import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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

    public String reducedFormula() { return reducedFormula; }
    public int spaceGroup() { return spaceGroup; }
    public int nsites() { return nsites; }

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
        double inv2s2 = 1.0 / (2 * SIGMA * SIGMA);
        double norm = 1.0 / n;
        int reach = (int) Math.ceil(3 * SIGMA / BIN);
        for (int i = 0; i < n; i++) {
            int ti = type[i];
            for (int j = 0; j < n; j++) {
                int tj = type[j];
                if (tj < ti) {
                    continue; // pair (A,B) with A<B counted from the A side; A==B both ways
                }
                int a = ti;
                int b = tj;
                int pair = a * ne - a * (a - 1) / 2 + (b - a);
                double dx = f[3 * j] - f[3 * i];
                double dy = f[3 * j + 1] - f[3 * i + 1];
                double dz = f[3 * j + 2] - f[3 * i + 2];
                dx -= Math.rint(dx);
                dy -= Math.rint(dy);
                dz -= Math.rint(dz);
                for (int u = -m0; u <= m0; u++) {
                    for (int v = -m1; v <= m1; v++) {
                        for (int w = -m2; w <= m2; w++) {
                            if (i == j && u == 0 && v == 0 && w == 0) {
                                continue;
                            }
                            double fx = dx + u;
                            double fy = dy + v;
                            double fz = dz + w;
                            double x = fx * lat.get(0, 0) + fy * lat.get(1, 0) + fz * lat.get(2, 0);
                            double y = fx * lat.get(0, 1) + fy * lat.get(1, 1) + fz * lat.get(2, 1);
                            double z = fx * lat.get(0, 2) + fy * lat.get(1, 2) + fz * lat.get(2, 2);
                            double d2 = x * x + y * y + z * z;
                            if (d2 > rc2) {
                                continue;
                            }
                            double r = Math.sqrt(d2) / d0;
                            int center = (int) (r / BIN);
                            for (int bin = Math.max(0, center - reach); bin <= Math.min(NBINS - 1, center + reach); bin++) {
                                double dr = (bin + 0.5) * BIN - r;
                                g[pair * NBINS + bin] += (float) (norm * Math.exp(-dr * dr * inv2s2));
                            }
                        }
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
