package org.xtalflow.thermo;

/**
 * The linear program behind the convex hull: for a target composition b (atomic fractions over
 * d elements), find amounts λ ≥ 0 of phases (columns a_j, their fractions; costs c_j, their
 * formation energies per atom) with Σ λ_j a_j = b minimising Σ λ_j c_j. The optimum is the
 * hull energy at b, the basic λ are the decomposition and the duals are the chemical
 * potentials of the facet.
 *
 * <p>A primal simplex with an explicit d x d basis inverse recomputed at each step (d is the
 * number of elements, small). The first d columns must be the elemental references (unit
 * vectors, cost 0): they form a feasible starting basis for every b, so no phase I is needed.
 * Dantzig pricing, switching to Bland's rule if it runs long (degenerate compositions with zero
 * amounts can cycle). Not thread-safe: one instance per thread.
 */
final class HullSimplex {

    /**
     * Optimal bases of earlier solves (the facets met so far). A basis's reduced costs do not
     * depend on the target, so a cached optimal basis that is primal feasible for a new target
     * is optimal for it: most queries then cost one pass over the facets instead of a simplex.
     */
    private final java.util.List<int[]> facetBasis = new java.util.ArrayList<>();

    private final java.util.List<double[][]> facetBinv = new java.util.ArrayList<>();
    private final java.util.List<double[]> facetMu = new java.util.ArrayList<>();
    private final java.util.Set<String> facetKeys = new java.util.HashSet<>();

    private static final double PRICE_TOL = 1e-12;
    private static final double PIVOT_TOL = 1e-12;

    private final int d;
    private final double[][] cols; // n x d fractions
    private final double[] cost; // n formation energies per atom
    private final int[] basis;
    private final double[] xB;
    private final double[][] binv;
    private final double[][] work;
    private final double[] y;
    private final double[] w;
    private double objective;

    HullSimplex(double[][] cols, double[] cost, int d) {
        this.d = d;
        this.cols = cols;
        this.cost = cost;
        this.basis = new int[d];
        this.xB = new double[d];
        this.binv = new double[d][d];
        this.work = new double[d][2 * d];
        this.y = new double[d];
        this.w = new double[d];
    }

    /**
     * Solves for target b; {@code exclude} is a column that may not enter (-1 for none).
     * Afterwards {@link #objective()}, {@link #basis()} and {@link #amounts()} hold the solution.
     */
    void solve(double[] b, int exclude) {
        for (int i = 0; i < d; i++) {
            basis[i] = i;
            xB[i] = b[i];
        }
        int n = cols.length;
        int maxIter = 50 * (d + 5) + n;
        for (int iter = 0; ; iter++) {
            invertBasis();
            // duals y = c_B B^-1
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += cost[basis[i]] * binv[i][k];
                }
                y[k] = s;
            }
            boolean bland = iter > 10 * (d + 5);
            int enter = -1;
            double best = -PRICE_TOL;
            for (int j = 0; j < n; j++) {
                if (j == exclude) {
                    continue;
                }
                double[] a = cols[j];
                double r = cost[j];
                for (int k = 0; k < d; k++) {
                    r -= y[k] * a[k];
                }
                if (r < best) {
                    if (isBasic(j)) {
                        continue;
                    }
                    enter = j;
                    best = r;
                    if (bland) {
                        break;
                    }
                }
            }
            if (enter < 0) {
                break;
            }
            if (iter > maxIter) {
                throw new IllegalStateException("hull LP did not converge after " + iter + " pivots");
            }
            // w = B^-1 a_enter; ratio test
            double[] a = cols[enter];
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += binv[i][k] * a[k];
                }
                w[i] = s;
            }
            int leave = -1;
            double ratio = Double.POSITIVE_INFINITY;
            for (int i = 0; i < d; i++) {
                if (w[i] > PIVOT_TOL) {
                    double t = Math.max(xB[i], 0) / w[i];
                    if (t < ratio - 1e-15 || (t <= ratio + 1e-15 && leave >= 0 && basis[i] < basis[leave])) {
                        ratio = t;
                        leave = i;
                    }
                }
            }
            if (leave < 0) {
                throw new IllegalStateException("hull LP unbounded (a phase with zero atoms?)");
            }
            for (int i = 0; i < d; i++) {
                xB[i] -= ratio * w[i];
            }
            xB[leave] = ratio;
            basis[leave] = enter;
        }
        // amounts from a fresh solve of B x = b (removes drift from the updates)
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += binv[i][k] * b[k];
            }
            xB[i] = s;
        }
        double obj = 0;
        for (int i = 0; i < d; i++) {
            obj += cost[basis[i]] * xB[i];
        }
        objective = obj;
    }

    private boolean isBasic(int j) {
        for (int i = 0; i < d; i++) {
            if (basis[i] == j) {
                return true;
            }
        }
        return false;
    }

    /** Inverse of B (columns = basis phases) by {@link GaussJordan}. */
    private void invertBasis() {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                work[r][c] = cols[basis[c]][r];
                work[r][d + c] = r == c ? 1 : 0;
            }
        }
        if (!GaussJordan.reduce(work, d)) {
            throw new IllegalStateException("singular hull basis");
        }
        for (int r = 0; r < d; r++) {
            System.arraycopy(work[r], d, binv[r], 0, d);
        }
    }

    /** Carries the facets found by {@code previous} (columns appended since keep their indices). */
    HullSimplex(double[][] cols, double[] cost, int d, HullSimplex previous) {
        this(cols, cost, d);
        if (previous != null) {
            facetBasis.addAll(previous.facetBasis);
            facetBinv.addAll(previous.facetBinv);
            facetMu.addAll(previous.facetMu);
            facetKeys.addAll(previous.facetKeys);
        }
    }

    /**
     * The same optimum as {@link #solve(double[], int)} (with no exclusion), through the facet
     * cache first. Exact as long as every cached basis was optimal for these same columns.
     */
    void solveCached(double[] b) {
        if (tryCached(b)) {
            return;
        }
        solve(b, -1);
        remember();
    }

    /**
     * An upper bound on the hull energy at b from a cached basis that is feasible for b (any
     * feasible mix of phases lies on or above the hull), or +infinity; never runs the simplex.
     */
    double upperBound(double[] b) {
        return tryCached(b) ? objective : Double.POSITIVE_INFINITY;
    }

    /** Solves with the simplex and caches the optimal basis. */
    void solveAndRemember(double[] b) {
        solve(b, -1);
        remember();
    }

    private boolean tryCached(double[] b) {
        int best = -1;
        double bv = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < facetMu.size(); f++) {
            double[] mu = facetMu.get(f);
            double v = 0;
            for (int k = 0; k < d; k++) {
                v += mu[k] * b[k];
            }
            if (v > bv) {
                bv = v;
                best = f;
            }
        }
        if (best < 0) {
            return false;
        }
        double[][] bi = facetBinv.get(best);
        int[] bs = facetBasis.get(best);
        double obj = 0;
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += bi[i][k] * b[k];
            }
            if (s < -1e-12) {
                return false;
            }
            xB[i] = Math.max(s, 0);
            basis[i] = bs[i];
            obj += cost[bs[i]] * xB[i];
        }
        System.arraycopy(facetMu.get(best), 0, y, 0, d);
        objective = obj;
        return true;
    }

    private void remember() {
        int[] sorted = basis.clone();
        java.util.Arrays.sort(sorted);
        if (facetKeys.add(java.util.Arrays.toString(sorted))) {
            facetBasis.add(basis.clone());
            double[][] bi = new double[d][];
            for (int i = 0; i < d; i++) {
                bi[i] = binv[i].clone();
            }
            facetBinv.add(bi);
            facetMu.add(y.clone());
        }
    }

    /** Number of cached facets. */
    int cachedFacets() {
        return facetMu.size();
    }

    /** Hull energy (eV/atom) of the last solve. */
    double objective() {
        return objective;
    }

    /** Column index of each basic phase (length d). */
    int[] basis() {
        return basis;
    }

    /** Amount (atomic fraction) of each basic phase, aligned with {@link #basis()}. */
    double[] amounts() {
        return xB;
    }

    /** Chemical potentials relative to the references (eV/atom), the duals of the last solve. */
    double[] duals() {
        return y;
    }
}
