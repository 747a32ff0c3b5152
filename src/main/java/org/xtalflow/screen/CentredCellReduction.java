package org.xtalflow.screen;

import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Mat3;
import org.xtalflow.crystal.SpaceGroup;

/**
 * The primitive cell of a centred conventional cell (A, B, C, I, F, R in hexagonal axes), for
 * spglib: its symmetry search costs grow steeply with the number of atoms, and it would first
 * reduce to this cell anyway. Atoms related by a centring translation are averaged (periodic
 * mean), as spglib does when it finds the primitive cell itself. Returns null when the group is
 * primitive or the atoms do not come in complete centring sets within the tolerance, so the
 * caller falls back to the full cell and nothing is decided on an approximation.
 */
final class CentredCellReduction {

    /** Result: the primitive lattice and its atoms (fractional coordinates, flat). */
    record Reduced(Lattice lattice, double[] frac, int[] types, int n) {}

    private CentredCellReduction() {}

    /** Rows: primitive vectors in conventional fractional coordinates, per centring letter. */
    static double[][] primitiveVectors(char centring) {
        return switch (centring) {
            case 'F' -> new double[][] {{0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
            case 'I' -> new double[][] {{-0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0.5, 0.5, -0.5}};
            case 'C' -> new double[][] {{0.5, 0.5, 0}, {-0.5, 0.5, 0}, {0, 0, 1}};
            case 'A' -> new double[][] {{1, 0, 0}, {0, 0.5, 0.5}, {0, -0.5, 0.5}};
            case 'B' -> new double[][] {{0.5, 0, 0.5}, {0, 1, 0}, {-0.5, 0, 0.5}};
            case 'R' ->
                new double[][] {{2.0 / 3, 1.0 / 3, 1.0 / 3}, {-1.0 / 3, 1.0 / 3, 1.0 / 3}, {-1.0 / 3, -2.0 / 3, 1.0 / 3}
                };
            default -> null;
        };
    }

    static Reduced reduce(Lattice conv, double[] frac, int[] types, int n, SpaceGroup sg, double tolAngstrom) {
        double[][] t = primitiveVectors(sg.symbol().charAt(0));
        if (t == null) {
            return null;
        }
        double det = Mat3.det(t);
        int ratio = (int) Math.round(1.0 / Math.abs(det));
        if (ratio < 2 || n % ratio != 0) {
            return null;
        }
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = t[i][0] * conv.get(0, j) + t[i][1] * conv.get(1, j) + t[i][2] * conv.get(2, j);
            }
        }
        Lattice prim = new Lattice(m);
        double[][] tinv = Mat3.inverse(t);
        int np = n / ratio;
        double[] out = new double[3 * np];
        double[] sum = new double[3 * np];
        int[] count = new int[np];
        int[] outTypes = new int[np];
        int kept = 0;
        double tol2 = tolAngstrom * tolAngstrom;
        double[] p = new double[3];
        double[] img = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                p[c] = frac[3 * i] * tinv[0][c] + frac[3 * i + 1] * tinv[1][c] + frac[3 * i + 2] * tinv[2][c];
                p[c] -= Math.floor(p[c]);
            }
            int match = -1;
            for (int k = 0; k < kept && match < 0; k++) {
                if (outTypes[k] == types[i]
                        && prim.distanceSquared(p[0] - out[3 * k], p[1] - out[3 * k + 1], p[2] - out[3 * k + 2])
                                <= tol2) {
                    match = k;
                }
            }
            if (match < 0) {
                if (kept == np) {
                    return null; // more distinct atoms than a complete centring set allows
                }
                System.arraycopy(p, 0, out, 3 * kept, 3);
                System.arraycopy(p, 0, sum, 3 * kept, 3);
                outTypes[kept] = types[i];
                count[kept] = 1;
                kept++;
            } else {
                // accumulate the image nearest the representative (periodic mean)
                prim.minimumImage(p[0] - out[3 * match], p[1] - out[3 * match + 1], p[2] - out[3 * match + 2], img);
                for (int c = 0; c < 3; c++) {
                    sum[3 * match + c] += out[3 * match + c] + img[c];
                }
                count[match]++;
            }
        }
        if (kept != np) {
            return null;
        }
        for (int k = 0; k < np; k++) {
            if (count[k] != ratio) {
                return null;
            }
            for (int c = 0; c < 3; c++) {
                double v = sum[3 * k + c] / ratio;
                out[3 * k + c] = v - Math.floor(v);
            }
        }
        return new Reduced(prim, out, outTypes, np);
    }
}
