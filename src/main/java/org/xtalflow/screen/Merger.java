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
        for (int i = 0; i < n; i++) {
            Element e = sp[i];
            double t = threshold(e, ratio);
            double t2 = t * t;
            for (int j = i + 1; j < n; j++) {
                if (sp[j] != e) {
                    continue;
                }
                double d2 = lat.distanceSquared(f[3 * j] - f[3 * i], f[3 * j + 1] - f[3 * i + 1], f[3 * j + 2] - f[3 * i + 2]);
                if (d2 <= t2) {
                    int ri = find(parent, i);
                    int rj = find(parent, j);
                    if (ri != rj) {
                        parent[Math.max(ri, rj)] = Math.min(ri, rj); // root = lowest index: keeps site order
                        any = true;
                    }
                }
            }
        }
        if (!any) {
            return;
        }
        // Unwrap every member next to an already-placed member it is linked to (walks the
        // single-linkage chain, so clusters that straddle a cell face average correctly).
        double[] unwrapped = new double[3 * n];
        boolean[] placed = new boolean[n];
        double[] img = new double[3];
        int[] members = new int[n];
        Element[] outSp = new Element[n];
        double[] outF = new double[3 * n];
        int m = 0;
        for (int root = 0; root < n; root++) {
            if (find(parent, root) != root) {
                continue;
            }
            int k = 0;
            for (int j = root; j < n; j++) {
                if (find(parent, j) == root) {
                    members[k++] = j;
                }
            }
            double t = threshold(sp[root], ratio);
            double t2 = t * t;
            unwrapped[3 * root] = f[3 * root];
            unwrapped[3 * root + 1] = f[3 * root + 1];
            unwrapped[3 * root + 2] = f[3 * root + 2];
            placed[root] = true;
            int nPlaced = 1;
            while (nPlaced < k) {
                boolean progress = false;
                for (int a = 0; a < k; a++) {
                    int j = members[a];
                    if (placed[j]) {
                        continue;
                    }
                    for (int b = 0; b < k; b++) {
                        int p = members[b];
                        if (!placed[p]) {
                            continue;
                        }
                        double d2 = lat.minimumImage(f[3 * j] - unwrapped[3 * p], f[3 * j + 1] - unwrapped[3 * p + 1],
                                f[3 * j + 2] - unwrapped[3 * p + 2], img);
                        if (d2 <= t2 * (1 + 1e-12)) {
                            unwrapped[3 * j] = unwrapped[3 * p] + img[0];
                            unwrapped[3 * j + 1] = unwrapped[3 * p + 1] + img[1];
                            unwrapped[3 * j + 2] = unwrapped[3 * p + 2] + img[2];
                            placed[j] = true;
                            nPlaced++;
                            progress = true;
                            break;
                        }
                    }
                }
                if (!progress) {
                    throw new IllegalStateException("merge: cluster of " + sp[root] + " could not be unwrapped");
                }
            }
            double sx = 0;
            double sy = 0;
            double sz = 0;
            for (int a = 0; a < k; a++) {
                int j = members[a];
                sx += unwrapped[3 * j];
                sy += unwrapped[3 * j + 1];
                sz += unwrapped[3 * j + 2];
            }
            outSp[m] = sp[root];
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
