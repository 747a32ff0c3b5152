package org.xtalflow.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Mat3;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.SymOp;

/**
 * Looks for symmetry beyond an intended space group G in a primitive cell that already keeps
 * every operation of G. The cell's full group is a proper supergroup of G exactly when it has
 * <ul>
 *   <li>a pure translation that is not a lattice vector (a smaller primitive cell), or</li>
 *   <li>a rotation of its lattice outside G's point group that, with some translation, maps
 *       the atoms onto atoms. (With no extra translations, a rotation inside G's point group
 *       admits only G's own translation, so those need no test.)</li>
 * </ul>
 * This is the search spglib makes, restricted to what G does not already explain, which is why
 * it is cheap: for Fm-3m on a cubic lattice nothing but the translations is left to test.
 *
 * <p>Rotations of the lattice are found as spglib does, from lattice vectors whose lengths match
 * the basis vectors within a length tolerance (Å) and whose angles match within an angle
 * tolerance (degrees); every lattice vector of those lengths is enumerated (a ball search
 * bounded by the reciprocal lengths), so the basis need not be reduced. Atoms map when an atom
 * of the same type lies within the tolerance (Cartesian, minimum image).
 */
final class SupergroupSearch {

    /** Distinct rotation parts of each group's operations, in the group's fractional basis, by group number. */
    private static final ConcurrentHashMap<Integer, double[][]> POINT_GROUPS = new ConcurrentHashMap<>();

    private SupergroupSearch() {}

    /**
     * A description of the first symmetry operation beyond G that maps the primitive cell
     * ({@code prim}, flat fractional {@code frac}, {@code types}) onto itself, or null when there
     * is none. {@code conventional} is the lattice G's operations are written in.
     */
    static String firstExtraOperation(
            Lattice conventional,
            SpaceGroup g,
            Lattice prim,
            double[] frac,
            int[] types,
            int n,
            double tolAngstrom,
            double angleTolDeg) {
        int rare = rarestType(types, n);
        int a0 = -1;
        for (int i = 0; i < n && a0 < 0; i++) {
            if (types[i] == rare) {
                a0 = i;
            }
        }
        double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double[] t = new double[3];
        // 1. pure translations: a0 carried onto another atom of its type
        for (int b = 0; b < n; b++) {
            if (b == a0 || types[b] != rare) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                t[c] = frac[3 * b + c] - frac[3 * a0 + c];
            }
            if (SymmetryCheck.firstUnmappedAtom(prim, frac, types, n, identity, t, tolAngstrom) < 0) {
                return String.format("translation (%.3f, %.3f, %.3f)", t[0], t[1], t[2]);
            }
        }
        // 2. lattice rotations outside G's point group, each with every translation that takes a0 to its type
        double[][] convM = conventional.matrix();
        double[][] convInv = Mat3.inverse(convM);
        double[][] gRotations = pointGroup(g);
        double[][] gCart = new double[gRotations.length][];
        for (int i = 0; i < gCart.length; i++) {
            gCart[i] = cartesian(convM, convInv, gRotations[i]);
        }
        double[][] primM = prim.matrix();
        double[][] primInv = Mat3.inverse(primM);
        double[] p = new double[3];
        for (double[] w : latticeRotations(prim, tolAngstrom, angleTolDeg)) {
            if (contains(gCart, cartesian(primM, primInv, w))) {
                continue;
            }
            apply(w, frac[3 * a0], frac[3 * a0 + 1], frac[3 * a0 + 2], p);
            for (int b = 0; b < n; b++) {
                if (types[b] != rare) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    t[c] = frac[3 * b + c] - p[c];
                }
                if (SymmetryCheck.firstUnmappedAtom(prim, frac, types, n, w, t, tolAngstrom) < 0) {
                    return String.format(
                            "rotation [%d %d %d, %d %d %d, %d %d %d] + (%.3f, %.3f, %.3f)",
                            (int) w[0],
                            (int) w[1],
                            (int) w[2],
                            (int) w[3],
                            (int) w[4],
                            (int) w[5],
                            (int) w[6],
                            (int) w[7],
                            (int) w[8],
                            t[0],
                            t[1],
                            t[2]);
                }
            }
        }
        return null;
    }

    /**
     * The lattice's own rotations within the tolerances, as integer matrices W acting on
     * fractional column vectors (f' = W f): column k holds the integer coordinates of the image
     * of basis vector k.
     */
    static List<double[]> latticeRotations(Lattice lat, double lengthTol, double angleTolDeg) {
        double[][] m = lat.matrix();
        double[] len = {norm(m[0]), norm(m[1]), norm(m[2])};
        double reach = Math.max(len[0], Math.max(len[1], len[2])) + lengthTol;
        double[] rl = lat.reciprocalLengths();
        int r0 = (int) Math.floor(reach * rl[0] + 1e-9);
        int r1 = (int) Math.floor(reach * rl[1] + 1e-9);
        int r2 = (int) Math.floor(reach * rl[2] + 1e-9);
        // lattice vectors whose length matches basis vector k: candidates for its image
        List<List<int[]>> cand = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<double[]>> candCart = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = -r0; i <= r0; i++) {
            for (int j = -r1; j <= r1; j++) {
                for (int k = -r2; k <= r2; k++) {
                    if (i == 0 && j == 0 && k == 0) {
                        continue;
                    }
                    double[] v = new double[3];
                    for (int c = 0; c < 3; c++) {
                        v[c] = i * m[0][c] + j * m[1][c] + k * m[2][c];
                    }
                    double l = norm(v);
                    for (int b = 0; b < 3; b++) {
                        if (Math.abs(l - len[b]) <= lengthTol) {
                            cand.get(b).add(new int[] {i, j, k});
                            candCart.get(b).add(v);
                        }
                    }
                }
            }
        }
        double[] angle = {angle(m[1], m[2]), angle(m[0], m[2]), angle(m[0], m[1])};
        List<double[]> out = new ArrayList<>();
        for (int x = 0; x < cand.get(0).size(); x++) {
            double[] v0 = candCart.get(0).get(x);
            for (int y = 0; y < cand.get(1).size(); y++) {
                double[] v1 = candCart.get(1).get(y);
                if (Math.abs(angle(v0, v1) - angle[2]) > angleTolDeg) {
                    continue;
                }
                for (int z = 0; z < cand.get(2).size(); z++) {
                    double[] v2 = candCart.get(2).get(z);
                    if (Math.abs(angle(v0, v2) - angle[1]) > angleTolDeg
                            || Math.abs(angle(v1, v2) - angle[0]) > angleTolDeg) {
                        continue;
                    }
                    int[] n0 = cand.get(0).get(x);
                    int[] n1 = cand.get(1).get(y);
                    int[] n2 = cand.get(2).get(z);
                    double[] w = {n0[0], n1[0], n2[0], n0[1], n1[1], n2[1], n0[2], n1[2], n2[2]};
                    double det = w[0] * (w[4] * w[8] - w[5] * w[7])
                            - w[1] * (w[3] * w[8] - w[5] * w[6])
                            + w[2] * (w[3] * w[7] - w[4] * w[6]);
                    if (Math.abs(Math.abs(det) - 1) < 1e-9) {
                        out.add(w);
                    }
                }
            }
        }
        return out;
    }

    /** Distinct rotation parts of G's operations (row-major 3x3 in G's fractional basis). */
    static double[][] pointGroup(SpaceGroup g) {
        return POINT_GROUPS.computeIfAbsent(g.number(), k -> {
            List<double[]> rots = new ArrayList<>();
            for (SymOp op : g.operations()) {
                double[] r = new double[9];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        r[3 * i + j] = op.rotation(i, j);
                    }
                }
                boolean seen = false;
                for (double[] q : rots) {
                    seen |= maxDiff(q, r) < 1e-9;
                }
                if (!seen) {
                    rots.add(r);
                }
            }
            return rots.toArray(new double[0][]);
        });
    }

    /** The Cartesian form C = M^T W M^-T of a fractional rotation W of a lattice M (rows = vectors, inv = M^-1). */
    private static double[] cartesian(double[][] m, double[][] inv, double[] w) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        s += m[k][i] * w[3 * k + l] * inv[j][l];
                    }
                }
                c[3 * i + j] = s;
            }
        }
        return c;
    }

    /**
     * Whether Cartesian rotation c is one of {@code set}. Distinct crystallographic rotations differ
     * by at least 1 - cos 60° = 0.5 in some entry; a lattice rotation found within the angle
     * tolerance is off by well under that.
     */
    private static boolean contains(double[][] set, double[] c) {
        for (double[] q : set) {
            if (maxDiff(q, c) < 0.25) {
                return true;
            }
        }
        return false;
    }

    private static void apply(double[] w, double x, double y, double z, double[] out) {
        out[0] = w[0] * x + w[1] * y + w[2] * z;
        out[1] = w[3] * x + w[4] * y + w[5] * z;
        out[2] = w[6] * x + w[7] * y + w[8] * z;
    }

    /** The type with the fewest atoms (types are small positive integers, as {@link Cell#typeIds} gives them). */
    private static int rarestType(int[] types, int n) {
        int max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, types[i]);
        }
        int[] count = new int[max + 1];
        for (int i = 0; i < n; i++) {
            count[types[i]]++;
        }
        int best = types[0];
        for (int t = 1; t <= max; t++) {
            if (count[t] > 0 && count[t] < count[best]) {
                best = t;
            }
        }
        return best;
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    private static double angle(double[] u, double[] v) {
        double c = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (norm(u) * norm(v));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }
}
