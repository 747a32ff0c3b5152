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
        int n = 0;
        for (SymOp op : ops) {
            int off = 3 * n;
            op.apply(x, y, z, buf, off);
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
                out.add(new Site(s.species(), new double[] {buf[3 * k], buf[3 * k + 1], buf[3 * k + 2]},
                        s.occupancy(), s.label()));
            }
        }
        return new Structure(lattice, out);
    }
}
