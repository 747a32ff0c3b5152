package org.xtalflow.thermo;

/**
 * Gauss–Jordan elimination with partial pivoting, the one linear solver of the hull code (the
 * systems are d x d with d the number of elements, so a dense elimination in place beats any
 * library call). One tolerance: a pivot below {@link #SINGULAR_PIVOT} after row exchange means the
 * system is singular. The entries are atom fractions and energies per atom, of order 1, so an
 * absolute threshold is meaningful.
 */
final class GaussJordan {

    /** Smallest pivot (after partial pivoting) of a system still taken as regular. */
    static final double SINGULAR_PIVOT = 1e-12;

    private GaussJordan() {}

    /**
     * Reduces the augmented matrix {@code [A | B]} in place: A is the first n columns of the first n
     * rows, B the columns after them. Afterwards the columns after n hold A⁻¹B. Rows are exchanged
     * by reference, so the row arrays of {@code aug} are permuted.
     *
     * @return false if A is singular (then {@code aug} holds a partial reduction)
     */
    static boolean reduce(double[][] aug, int n) {
        int width = aug[0].length;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(aug[r][c]) > Math.abs(aug[p][c])) {
                    p = r;
                }
            }
            double[] t = aug[p];
            aug[p] = aug[c];
            aug[c] = t;
            double piv = aug[c][c];
            if (!(Math.abs(piv) >= SINGULAR_PIVOT)) {
                return false;
            }
            for (int r = 0; r < n; r++) {
                double f = aug[r][c];
                if (r != c && f != 0) {
                    f /= piv;
                    for (int k = c; k < width; k++) {
                        aug[r][k] -= f * aug[c][k];
                    }
                }
            }
        }
        for (int r = 0; r < n; r++) {
            double piv = aug[r][r];
            for (int k = n; k < width; k++) {
                aug[r][k] /= piv;
            }
        }
        return true;
    }

    /** Solution x of A x = b for the augmented n x (n + 1) matrix {@code [A | b]} (consumed); null if singular. */
    static double[] solve(double[][] aug, int n) {
        if (!reduce(aug, n)) {
            return null;
        }
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = aug[r][n];
        }
        return x;
    }
}
