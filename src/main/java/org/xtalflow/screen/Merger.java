package org.xtalflow.screen;

import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymmetryExpansion;

/**
 * Merges clouds of near-duplicate atoms left by symmetry expansion of positions that sit slightly
 * off special positions (PGCGM's merge_valid.py): per element, single-linkage clustering under
 * minimum-image distances with threshold 2 x atomic radius x ratio (scipy's linkage + fcluster
 * with criterion 'distance' is the same as connected components of the graph "d <= t"); each
 * cluster becomes one site at its periodic mean. When more than {@code secondPassAbove} sites
 * remain, a second pass runs with {@code secondRatio}, as PGCGM does.
 *
 * <p>Stateless and thread-safe; scratch arrays are per call and sized by the site count.
 */
public final class Merger {

    public static final double DEFAULT_RATIO = 0.6;
    public static final double DEFAULT_SECOND_RATIO = 1.5;
    public static final int DEFAULT_SECOND_PASS_ABOVE = 100;

    private final double ratio;
    private final double secondRatio;
    private final int secondPassAbove;

    public Merger() {
        this(DEFAULT_RATIO, DEFAULT_SECOND_RATIO, DEFAULT_SECOND_PASS_ABOVE);
    }

    public Merger(double ratio, double secondRatio, int secondPassAbove) {
        if (!(ratio >= 0) || !(secondRatio >= 0) || secondPassAbove < 0) {
            throw new IllegalArgumentException("merge ratios must be >= 0 and the second-pass site count >= 0");
        }
        this.ratio = ratio;
        this.secondRatio = secondRatio;
        this.secondPassAbove = secondPassAbove;
    }

    /** The same merger without the second pass. */
    public Merger firstPassOnly() {
        return new Merger(ratio, secondRatio, Integer.MAX_VALUE);
    }

    public double ratio() { return ratio; }
    public double secondRatio() { return secondRatio; }
    public int secondPassAbove() { return secondPassAbove; }

    /** The merged structure (the same object when nothing merged). */
    public Structure merge(Structure s) {
        Cell c = Cell.of(s);
        return merge(c) == 0 ? s : c.toStructure();
    }

    /** Merges in place; returns the number of sites removed. */
    public int merge(Cell cell) {
        int before = cell.size();
        mergePass(cell, ratio);
        if (cell.size() > secondPassAbove) {
            mergePass(cell, secondRatio);
        }
        return before - cell.size();
    }

    /** Merge threshold (Å) for an element at a given ratio: 2 x atomic radius x ratio. */
    static double threshold(Element e, double ratio) {
        return 2 * Radii.atomicRadius(e) * ratio;
    }

    private static void mergePass(Cell cell, double ratio) {
        int n = cell.size();
        if (n < 2 || ratio == 0) {
            return;
        }
        Lattice lat = cell.lattice();
        Element[] sp = cell.speciesArray();
        double[] f = cell.fracArray();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        boolean any = false;
        double[] rl = lat.reciprocalLengths();
        double m00 = lat.get(0, 0), m01 = lat.get(0, 1), m02 = lat.get(0, 2);
        double m10 = lat.get(1, 0), m11 = lat.get(1, 1), m12 = lat.get(1, 2);
        double m20 = lat.get(2, 0), m21 = lat.get(2, 1), m22 = lat.get(2, 2);
        for (int i = 0; i < n; i++) {
            Element e = sp[i];
            double t = threshold(e, ratio);
            double t2 = t * t;
            // exact pre-test: the wrapped |Δf_k| is the smallest over images and d >= |Δf_k| / |b*_k|
            double b0 = t * rl[0] + 1e-12;
            double b1 = t * rl[1] + 1e-12;
            double b2 = t * rl[2] + 1e-12;
            double xi = f[3 * i];
            double yi = f[3 * i + 1];
            double zi = f[3 * i + 2];
            for (int j = i + 1; j < n; j++) {
                if (sp[j] != e) {
                    continue;
                }
                double dx = f[3 * j] - xi;
                dx -= Math.rint(dx);
                if (Math.abs(dx) > b0) {
                    continue;
                }
                double dy = f[3 * j + 1] - yi;
                dy -= Math.rint(dy);
                if (Math.abs(dy) > b1) {
                    continue;
                }
                double dz = f[3 * j + 2] - zi;
                dz -= Math.rint(dz);
                if (Math.abs(dz) > b2) {
                    continue;
                }
                int ri = find(parent, i);
                int rj = find(parent, j);
                if (ri == rj) {
                    continue; // already linked: single linkage needs no distance
                }
                // the wrapped vector's length bounds the minimum image from above: accept cheaply
                double cx = dx * m00 + dy * m10 + dz * m20;
                double cy = dx * m01 + dy * m11 + dz * m21;
                double cz = dx * m02 + dy * m12 + dz * m22;
                if (cx * cx + cy * cy + cz * cz <= t2 || lat.distanceSquared(dx, dy, dz) <= t2) {
                    parent[Math.max(ri, rj)] = Math.min(ri, rj); // root = lowest index: keeps site order
                    any = true;
                }
            }
        }
        if (!any) {
            return;
        }
        // Group members by root (counting sort; roots are the lowest index of their cluster).
        int[] root = new int[n];
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = find(parent, i);
            size[root[i]]++;
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + size[i];
        }
        int[] members = new int[n];
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            int r = root[i];
            members[start[r] + fill[r]++] = i;
        }
        // Unwrap every member next to an already-placed member it is linked to (breadth-first
        // along the single-linkage graph), so clusters that straddle a cell face or form chains
        // average correctly; then the merged site is the mean of the unwrapped positions.
        double[] u = new double[3 * n];
        boolean[] placed = new boolean[n];
        int[] queue = new int[n];
        double[] img = new double[3];
        Element[] outSp = new Element[n];
        double[] outF = new double[3 * n];
        int m = 0;
        for (int r = 0; r < n; r++) {
            if (root[r] != r) {
                continue;
            }
            int k = size[r];
            int off = start[r];
            if (k == 1) {
                outSp[m] = sp[r];
                outF[3 * m] = f[3 * r];
                outF[3 * m + 1] = f[3 * r + 1];
                outF[3 * m + 2] = f[3 * r + 2];
                m++;
                continue;
            }
            double t = threshold(sp[r], ratio);
            double t2 = t * t * (1 + 1e-9);
            double b0 = t * rl[0] + 1e-9;
            double b1 = t * rl[1] + 1e-9;
            double b2 = t * rl[2] + 1e-9;
            u[3 * r] = f[3 * r];
            u[3 * r + 1] = f[3 * r + 1];
            u[3 * r + 2] = f[3 * r + 2];
            placed[r] = true;
            int head = 0;
            int tail = 0;
            queue[tail++] = r;
            double sx = u[3 * r];
            double sy = u[3 * r + 1];
            double sz = u[3 * r + 2];
            while (head < tail) {
                int p = queue[head++];
                for (int a = off; a < off + k; a++) {
                    int j = members[a];
                    if (placed[j]) {
                        continue;
                    }
                    double dx = f[3 * j] - u[3 * p];
                    double dy = f[3 * j + 1] - u[3 * p + 1];
                    double dz = f[3 * j + 2] - u[3 * p + 2];
                    if (Math.abs(dx - Math.rint(dx)) > b0 || Math.abs(dy - Math.rint(dy)) > b1
                            || Math.abs(dz - Math.rint(dz)) > b2) {
                        continue;
                    }
                    if (lat.minimumImage(dx, dy, dz, img) <= t2) {
                        u[3 * j] = u[3 * p] + img[0];
                        u[3 * j + 1] = u[3 * p + 1] + img[1];
                        u[3 * j + 2] = u[3 * p + 2] + img[2];
                        sx += u[3 * j];
                        sy += u[3 * j + 1];
                        sz += u[3 * j + 2];
                        placed[j] = true;
                        queue[tail++] = j;
                    }
                }
            }
            if (tail != k) {
                throw new IllegalStateException("merge: cluster of " + sp[r] + " could not be unwrapped");
            }
            outSp[m] = sp[r];
            outF[3 * m] = SymmetryExpansion.wrap(sx / k);
            outF[3 * m + 1] = SymmetryExpansion.wrap(sy / k);
            outF[3 * m + 2] = SymmetryExpansion.wrap(sz / k);
            m++;
        }
        cell.replace(outSp, outF, m);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
