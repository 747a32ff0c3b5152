package org.xtalflow.crystal;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands base (asymmetric-unit) sites by symmetry operations into the full cell, keeping unique
 * positions within a fractional tolerance under periodic wrap (PGCGM's Algorithm 1, and what
 * pymatgen's CifParser does with site_tolerance 1e-4).
 */
public final class SymmetryExpansion {

    /** pymatgen CifParser's default site tolerance (fractional units per component). */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    private SymmetryExpansion() {}

    /** Wraps a fractional coordinate into [0, 1). */
    public static double wrap(double v) {
        double w = v - Math.floor(v);
        return w >= 1.0 ? 0.0 : w;
    }

    /**
     * Orbit of one point: the distinct images under {@code ops}, wrapped into [0, 1), as a flat
     * array x0,y0,z0,x1,... of length 3 * (returned count). {@code buf} must hold 3 * ops.size().
     */
    public static int orbit(double x, double y, double z, List<SymOp> ops, double tol, double[] buf) {
        int nOps = ops.size();
        if (nOps > SMALL_ORBIT && tol < 0.25) {
            return GRID.get().orbit(x, y, z, ops, tol, buf);
        }
        int n = 0;
        for (int o = 0; o < nOps; o++) {
            int off = 3 * n;
            ops.get(o).apply(x, y, z, buf, off);
            buf[off] = wrap(buf[off]);
            buf[off + 1] = wrap(buf[off + 1]);
            buf[off + 2] = wrap(buf[off + 2]);
            boolean dup = false;
            for (int k = 0; k < n && !dup; k++) {
                dup = samePeriodic(buf, 3 * k, buf, off, tol);
            }
            if (!dup) {
                n++;
            }
        }
        return n;
    }

    /** Up to this many operations the plain all-pairs duplicate check is cheapest. */
    private static final int SMALL_ORBIT = 24;

    private static final ThreadLocal<OrbitGrid> GRID = ThreadLocal.withInitial(OrbitGrid::new);

    /**
     * The same orbit with the duplicate check through a hash of fractional-grid cells at least
     * {@code tol} wide: an image can only coincide with kept images in its own cell or, when it
     * lies within tol of a cell face, the neighbouring cell, so each image is compared with a
     * handful of points instead of all kept ones (192 operations: ~18,000 comparisons per site
     * become ~200). Same result, same order as the plain loop.
     */
    private static final class OrbitGrid {
        private int[] head = new int[1024]; // hash slot -> 1 + first kept index in that cell, 0 = empty
        private long[] key = new long[1024];
        private int[] next = new int[256]; // kept index -> 1 + next kept index in the same cell
        private int[] touched = new int[256]; // slots used by this call, to clear them afterwards
        private int nTouched;

        int orbit(double x, double y, double z, List<SymOp> ops, double tol, double[] buf) {
            int nOps = ops.size();
            if (next.length < nOps) {
                next = new int[nOps];
                touched = new int[nOps];
            }
            if (head.length < 4 * nOps) {
                head = new int[Integer.highestOneBit(4 * nOps) << 1];
                key = new long[head.length];
            }
            int cells = (int) Math.max(1, Math.min(1024, Math.floor(1.0 / tol)));
            double lim = tol + 1e-12;
            int n = 0;
            nTouched = 0;
            for (int o = 0; o < nOps; o++) {
                int off = 3 * n;
                ops.get(o).apply(x, y, z, buf, off);
                double px = wrap(buf[off]);
                double py = wrap(buf[off + 1]);
                double pz = wrap(buf[off + 2]);
                buf[off] = px;
                buf[off + 1] = py;
                buf[off + 2] = pz;
                int cx = Math.min(cells - 1, (int) (px * cells));
                int cy = Math.min(cells - 1, (int) (py * cells));
                int cz = Math.min(cells - 1, (int) (pz * cells));
                // neighbouring cells along an axis only when the point is within tol of that face
                int lx = px - (double) cx / cells <= lim ? -1 : 0;
                int hx = (double) (cx + 1) / cells - px <= lim ? 1 : 0;
                int ly = py - (double) cy / cells <= lim ? -1 : 0;
                int hy = (double) (cy + 1) / cells - py <= lim ? 1 : 0;
                int lz = pz - (double) cz / cells <= lim ? -1 : 0;
                int hz = (double) (cz + 1) / cells - pz <= lim ? 1 : 0;
                boolean dup = false;
                for (int a = lx; a <= hx && !dup; a++) {
                    for (int b = ly; b <= hy && !dup; b++) {
                        for (int c = lz; c <= hz && !dup; c++) {
                            long k = cellKey(
                                    Math.floorMod(cx + a, cells),
                                    Math.floorMod(cy + b, cells),
                                    Math.floorMod(cz + c, cells),
                                    cells);
                            for (int e = head[find(k)]; e != 0 && !dup; e = next[e - 1]) {
                                dup = samePeriodic(buf, 3 * (e - 1), buf, off, tol);
                            }
                        }
                    }
                }
                if (!dup) {
                    int slot = find(cellKey(cx, cy, cz, cells));
                    if (head[slot] == 0) {
                        key[slot] = cellKey(cx, cy, cz, cells);
                        touched[nTouched++] = slot;
                    }
                    next[n] = head[slot];
                    head[slot] = n + 1;
                    n++;
                }
            }
            for (int t = 0; t < nTouched; t++) {
                head[touched[t]] = 0;
            }
            return n;
        }

        private static long cellKey(int cx, int cy, int cz, int cells) {
            return ((long) cx * cells + cy) * cells + cz;
        }

        /** The slot holding this cell's key, or the empty slot where it would go (linear probing). */
        private int find(long k) {
            int mask = head.length - 1;
            int h = (int) (k * 0x9E3779B97F4A7C15L >>> 40) & mask;
            while (head[h] != 0 && key[h] != k) {
                h = (h + 1) & mask;
            }
            return h;
        }
    }

    /** Whether two fractional points coincide modulo lattice translations, per component within tol. */
    public static boolean samePeriodic(double[] a, int ia, double[] b, int ib, double tol) {
        for (int c = 0; c < 3; c++) {
            double d = a[ia + c] - b[ib + c];
            d -= Math.rint(d);
            if (Math.abs(d) > tol) {
                return false;
            }
        }
        return true;
    }

    /** The full cell generated from {@code base} by {@code ops}. */
    public static Structure expand(Lattice lattice, List<Site> base, List<SymOp> ops, double tol) {
        List<Site> out = new ArrayList<>();
        double[] buf = new double[3 * Math.max(1, ops.size())];
        for (Site s : base) {
            double[] f = s.frac();
            int n = orbit(f[0], f[1], f[2], ops, tol, buf);
            for (int k = 0; k < n; k++) {
                out.add(new Site(
                        s.species(),
                        new double[] {buf[3 * k], buf[3 * k + 1], buf[3 * k + 2]},
                        s.occupancy(),
                        s.label()));
            }
        }
        return new Structure(lattice, out);
    }
}
