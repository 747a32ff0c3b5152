package org.xtalflow.screen;

import java.util.Arrays;
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

    public double ratio() {
        return ratio;
    }

    public double secondRatio() {
        return secondRatio;
    }

    public int secondPassAbove() {
        return secondPassAbove;
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
        Linker lk = new Linker(lat, sp, f, n, ratio);
        lk.linkAll();
        int[] edgeA = lk.edgeA;
        int[] edgeB = lk.edgeB;
        int nEdges = lk.nEdges;
        if (nEdges == 0) {
            return;
        }
        // Tree adjacency in compressed rows: neighbours of i are adj[deg[i] .. deg[i+1]).
        int[] deg = new int[n + 1];
        for (int e = 0; e < nEdges; e++) {
            deg[edgeA[e] + 1]++;
            deg[edgeB[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            deg[i + 1] += deg[i];
        }
        int[] adj = new int[2 * nEdges];
        int[] fill = new int[n];
        for (int e = 0; e < nEdges; e++) {
            int a = edgeA[e];
            int b = edgeB[e];
            adj[deg[a] + fill[a]++] = b;
            adj[deg[b] + fill[b]++] = a;
        }
        // Unwrap every member next to its tree neighbour (breadth-first from the cluster's lowest
        // index), so clusters that straddle a cell face or form chains average correctly; the
        // merged site is the mean of the unwrapped positions.
        double[] u = new double[3 * n];
        boolean[] placed = new boolean[n];
        int[] queue = new int[n];
        double[] img = new double[3];
        Element[] outSp = new Element[n];
        double[] outF = new double[3 * n];
        int m = 0;
        for (int r = 0; r < n; r++) {
            if (placed[r]) {
                continue; // r was reached from a lower index: not a root
            }
            placed[r] = true;
            u[3 * r] = f[3 * r];
            u[3 * r + 1] = f[3 * r + 1];
            u[3 * r + 2] = f[3 * r + 2];
            if (deg[r + 1] == deg[r]) {
                outSp[m] = sp[r]; // a singleton keeps its coordinates exactly
                outF[3 * m] = f[3 * r];
                outF[3 * m + 1] = f[3 * r + 1];
                outF[3 * m + 2] = f[3 * r + 2];
                m++;
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = r;
            double sx = 0;
            double sy = 0;
            double sz = 0;
            while (head < tail) {
                int p = queue[head++];
                sx += u[3 * p];
                sy += u[3 * p + 1];
                sz += u[3 * p + 2];
                for (int a = deg[p]; a < deg[p + 1]; a++) {
                    int j = adj[a];
                    if (placed[j]) {
                        continue;
                    }
                    lat.minimumImage(
                            f[3 * j] - u[3 * p], f[3 * j + 1] - u[3 * p + 1], f[3 * j + 2] - u[3 * p + 2], img);
                    u[3 * j] = u[3 * p] + img[0];
                    u[3 * j + 1] = u[3 * p + 1] + img[1];
                    u[3 * j + 2] = u[3 * p + 2] + img[2];
                    placed[j] = true;
                    queue[tail++] = j;
                }
            }
            outSp[m] = sp[r];
            outF[3 * m] = SymmetryExpansion.wrap(sx / tail);
            outF[3 * m + 1] = SymmetryExpansion.wrap(sy / tail);
            outF[3 * m + 2] = SymmetryExpansion.wrap(sz / tail);
            m++;
        }
        cell.replace(outSp, outF, m);
    }

    /**
     * Single-linkage union-find over same-element pairs within the threshold. Pairs are found
     * through a grid of bins in fractional space, each bin at least one threshold wide along every
     * axis (width >= t·|b*_k|), so only the 27 neighbouring bins can hold partners; small cells
     * fall back to all pairs. The links that join two components form a spanning forest of the
     * clusters and are kept (edgeA, edgeB) to unwrap each cluster along its tree.
     */
    private static final class Linker {
        final Lattice lat;
        final Element[] sp;
        final double[] f;
        final int n;
        final double ratio;
        final int[] parent;
        /** Component sizes (valid at roots). */
        final int[] rank;

        final int[] edgeA;
        final int[] edgeB;
        int nEdges;
        final double[] rl;
        final double m00, m01, m02, m10, m11, m12, m20, m21, m22;

        Linker(Lattice lat, Element[] sp, double[] f, int n, double ratio) {
            this.lat = lat;
            this.sp = sp;
            this.f = f;
            this.n = n;
            this.ratio = ratio;
            parent = new int[n];
            rank = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
                rank[i] = 1;
            }
            edgeA = new int[n];
            edgeB = new int[n];
            rl = lat.reciprocalLengths();
            m00 = lat.get(0, 0);
            m01 = lat.get(0, 1);
            m02 = lat.get(0, 2);
            m10 = lat.get(1, 0);
            m11 = lat.get(1, 1);
            m12 = lat.get(1, 2);
            m20 = lat.get(2, 0);
            m21 = lat.get(2, 1);
            m22 = lat.get(2, 2);
        }

        void linkAll() {
            if (n < 48) {
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        tryLink(i, j);
                    }
                }
                return;
            }
            // one grid per element, bins as narrow as that element's threshold allows
            int[] idx = new int[n];
            boolean[] done = new boolean[n];
            for (int s0 = 0; s0 < n; s0++) {
                if (done[s0]) {
                    continue;
                }
                Element e = sp[s0];
                int k = 0;
                for (int i = s0; i < n; i++) {
                    if (sp[i] == e) {
                        idx[k++] = i;
                        done[i] = true;
                    }
                }
                linkElement(idx, k, threshold(e, ratio));
            }
        }

        /**
         * Links the k atoms idx[0..k) (one element, ascending indices) with threshold t. Pairs are
         * tried in a fixed order (the forest, and so the merged coordinates, depend on it); a pair
         * is skipped only where trying it could not link, which leaves the forest as it was.
         */
        private void linkElement(int[] idx, int k, double t) {
            // per-axis bounds of the exact fractional pre-test (see tryLink)
            double lim0 = t * rl[0] + 1e-12;
            double lim1 = t * rl[1] + 1e-12;
            double lim2 = t * rl[2] + 1e-12;
            double t2 = t * t;
            int edgesBefore = nEdges;
            // no more bins than about 2 per atom: finer grids cost more to sweep than they save
            int cap = (int) Math.ceil(Math.cbrt(2.0 * k));
            int nb0 = Math.min(cap, bins(t * rl[0]));
            int nb1 = Math.min(cap, bins(t * rl[1]));
            int nb2 = Math.min(cap, bins(t * rl[2]));
            if ((nb0 < 3 && nb1 < 3 && nb2 < 3) || k < 32) {
                for (int a = 0; a < k; a++) {
                    if (nEdges - edgesBefore == k - 1) {
                        return; // one cluster already: no pair can link any more
                    }
                    int i = idx[a];
                    int ri = find(i);
                    double xi = f[3 * i];
                    double yi = f[3 * i + 1];
                    double zi = f[3 * i + 2];
                    for (int b = a + 1; b < k; b++) {
                        int j = idx[b];
                        // far apart along one axis in every image: no link, and no union-find walk
                        double dx = f[3 * j] - xi;
                        if (Math.abs(dx - Math.rint(dx)) > lim0) {
                            continue;
                        }
                        double dy = f[3 * j + 1] - yi;
                        if (Math.abs(dy - Math.rint(dy)) > lim1) {
                            continue;
                        }
                        double dz = f[3 * j + 2] - zi;
                        if (Math.abs(dz - Math.rint(dz)) > lim2) {
                            continue;
                        }
                        // same component already: skip before any arithmetic (dense clouds and the
                        // coarse second pass link most pairs early)
                        if (parent[j] == ri || find(j) == ri) {
                            continue;
                        }
                        if (link(i, ri, j, dx - Math.rint(dx), dy - Math.rint(dy), dz - Math.rint(dz), t2)) {
                            ri = find(i);
                        }
                    }
                }
                return;
            }
            int nbins = nb0 * nb1 * nb2;
            int[] bin = new int[k];
            int[] start = new int[nbins + 1];
            for (int a = 0; a < k; a++) {
                int i = idx[a];
                int b = (bin(f[3 * i], nb0) * nb1 + bin(f[3 * i + 1], nb1)) * nb2 + bin(f[3 * i + 2], nb2);
                bin[a] = b;
                start[b + 1]++;
            }
            for (int b = 0; b < nbins; b++) {
                start[b + 1] += start[b];
            }
            int[] members = new int[k];
            int[] fill = new int[nbins];
            for (int a = 0; a < k; a++) {
                members[start[bin[a]] + fill[bin[a]]++] = idx[a];
            }
            // per axis and bin the neighbouring bins in sweep order: -1, 0, +1 (wrapped), or every bin
            // once when there are fewer than 3 (no floorMod in the sweep)
            int[] n0 = neighbourBins(nb0);
            int[] n1 = neighbourBins(nb1);
            int[] n2 = neighbourBins(nb2);
            // per bin, the first member not yet passed by i (members ascend within a bin)
            int[] later = Arrays.copyOf(start, nbins);
            int w0 = Math.min(3, nb0);
            int w1 = Math.min(3, nb1);
            int w2 = Math.min(3, nb2);
            for (int a = 0; a < k; a++) {
                if (nEdges - edgesBefore == k - 1) {
                    return; // one cluster already: no pair can link any more
                }
                int i = idx[a];
                int b = bin[a];
                int bz = b % nb2;
                int by = (b / nb2) % nb1;
                int bx = b / (nb1 * nb2);
                // i's root changes only through links of this sweep, so it is found once and after each
                int ri = find(i);
                double xi = f[3 * i];
                double yi = f[3 * i + 1];
                double zi = f[3 * i + 2];
                for (int ox = 0; ox < w0; ox++) {
                    int cx = n0[bx * w0 + ox];
                    for (int oy = 0; oy < w1; oy++) {
                        int cxy = (cx * nb1 + n1[by * w1 + oy]) * nb2;
                        for (int oz = 0; oz < w2; oz++) {
                            int c = cxy + n2[bz * w2 + oz];
                            // members ascend within a bin and i ascends: skip the ones <= i for good
                            int m = later[c];
                            int end = start[c + 1];
                            while (m < end && members[m] <= i) {
                                m++;
                            }
                            later[c] = m;
                            for (; m < end; m++) {
                                int j = members[m];
                                if (parent[j] == ri) {
                                    continue; // i's component already (clouds): no link, no arithmetic
                                }
                                // the pre-test of tryLink, with the element's bounds hoisted
                                double dx = f[3 * j] - xi;
                                dx -= Math.rint(dx);
                                if (Math.abs(dx) > lim0) {
                                    continue;
                                }
                                double dy = f[3 * j + 1] - yi;
                                dy -= Math.rint(dy);
                                if (Math.abs(dy) > lim1) {
                                    continue;
                                }
                                double dz = f[3 * j + 2] - zi;
                                dz -= Math.rint(dz);
                                if (Math.abs(dz) > lim2) {
                                    continue;
                                }
                                if (link(i, ri, j, dx, dy, dz, t2)) {
                                    ri = find(i);
                                }
                            }
                        }
                    }
                }
            }
        }

        /**
         * For each bin b of nb along one axis, its neighbours in sweep order at [b·w, b·w + w),
         * w = min(3, nb): b-1, b, b+1 wrapped when nb >= 3, else every bin once (0, 1 or 0).
         */
        private static int[] neighbourBins(int nb) {
            int w = Math.min(3, nb);
            int[] out = new int[nb * w];
            for (int b = 0; b < nb; b++) {
                for (int o = 0; o < w; o++) {
                    out[b * w + o] = nb < 3 ? o : Math.floorMod(b + o - 1, nb);
                }
            }
            return out;
        }

        private static int bins(double minWidth) {
            return minWidth <= 0 ? 1 : (int) Math.max(1, Math.min(64, Math.floor(1.0 / minWidth)));
        }

        private static int bin(double x, int nb) {
            int k = (int) ((x - Math.floor(x)) * nb);
            return k >= nb ? nb - 1 : k;
        }

        /** Links i and j when within the threshold; true when that joined two components. */
        private boolean tryLink(int i, int j) {
            Element e = sp[i];
            if (sp[j] != e) {
                return false;
            }
            double t = threshold(e, ratio);
            double dx = f[3 * j] - f[3 * i];
            dx -= Math.rint(dx);
            // exact pre-test: the wrapped |Δf_k| is the smallest over images and d >= |Δf_k| / |b*_k|
            if (Math.abs(dx) > t * rl[0] + 1e-12) {
                return false;
            }
            double dy = f[3 * j + 1] - f[3 * i + 1];
            dy -= Math.rint(dy);
            if (Math.abs(dy) > t * rl[1] + 1e-12) {
                return false;
            }
            double dz = f[3 * j + 2] - f[3 * i + 2];
            dz -= Math.rint(dz);
            if (Math.abs(dz) > t * rl[2] + 1e-12) {
                return false;
            }
            return link(i, find(i), j, dx, dy, dz, t * t);
        }

        /**
         * The rest of {@link #tryLink} once its pre-test has passed, for same-element atoms i (of
         * root ri) and j at the wrapped fractional difference (dx, dy, dz) and squared threshold t2:
         * links when within it; true when that joined two components.
         */
        private boolean link(int i, int ri, int j, double dx, double dy, double dz, double t2) {
            int rj = find(j);
            if (ri == rj) {
                return false; // already linked: single linkage needs no distance
            }
            // the wrapped vector's length bounds the minimum image from above: accept cheaply
            double cx = dx * m00 + dy * m10 + dz * m20;
            double cy = dx * m01 + dy * m11 + dz * m21;
            double cz = dx * m02 + dy * m12 + dz * m22;
            if (cx * cx + cy * cy + cz * cz <= t2 || lat.distanceSquared(dx, dy, dz) <= t2) {
                // union by size keeps the trees shallow
                if (rank[ri] < rank[rj]) {
                    parent[ri] = rj;
                    rank[rj] += rank[ri];
                } else {
                    parent[rj] = ri;
                    rank[ri] += rank[rj];
                }
                edgeA[nEdges] = i;
                edgeB[nEdges] = j;
                nEdges++;
                return true;
            }
            return false;
        }

        private int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }
    }
}
