package org.xtalflow.crystal;

import java.util.Arrays;

/**
 * A periodic cell: three lattice vectors as the rows of a 3x3 matrix, in Å (pymatgen's convention,
 * Cartesian = fractional · matrix).
 *
 * <p>Equality is by value, after pymatgen's {@code Lattice.__eq__} ({@code np.allclose} of the
 * matrices): every entry within {@link #MATRIX_ATOL} Å plus {@link #MATRIX_RTOL} of the larger
 * magnitude. The same cell in another orientation or setting is a different lattice, as there. With
 * a tolerance no finer hash can be consistent with equality, so every lattice hashes alike (pymatgen
 * returns 7); put structures, not lattices, in hash maps.
 */
public final class Lattice {

    /** Absolute tolerance (Å) on a matrix entry: numpy allclose's default atol. */
    public static final double MATRIX_ATOL = 1e-8;
    /** Relative tolerance on a matrix entry: numpy allclose's default rtol. */
    public static final double MATRIX_RTOL = 1e-5;

    private final double[][] m; // rows are a, b, c
    private final double[][] inv; // inverse of m: fractional = Cartesian · inv
    private final double volume;
    /** Lengths of the crystallographic reciprocal vectors (1/Å, no 2π): bound |Δf_i| ≤ |r|·|b*_i|. */
    private final double[] recipLengths;

    public Lattice(double[][] matrix) {
        if (matrix.length != 3 || matrix[0].length != 3 || matrix[1].length != 3 || matrix[2].length != 3) {
            throw new IllegalArgumentException("a lattice matrix is 3x3");
        }
        m = new double[3][];
        for (int i = 0; i < 3; i++) {
            m[i] = matrix[i].clone();
            for (double v : m[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(
                            "lattice matrix has a non-finite entry: " + Arrays.deepToString(matrix));
                }
            }
        }
        double det = Mat3.det(m);
        if (!Double.isFinite(det)) {
            throw new IllegalArgumentException("lattice volume overflows: " + Arrays.deepToString(matrix));
        }
        if (Math.abs(det) < 1e-8) {
            throw new IllegalArgumentException(
                    "singular lattice (volume " + det + " Å^3): " + Arrays.deepToString(matrix));
        }
        volume = Math.abs(det);
        inv = Mat3.inverse(m);
        recipLengths = new double[3];
        for (int i = 0; i < 3; i++) {
            // column i of the inverse is the i-th crystallographic reciprocal vector
            recipLengths[i] = Math.sqrt(inv[0][i] * inv[0][i] + inv[1][i] * inv[1][i] + inv[2][i] * inv[2][i]);
        }
    }

    /**
     * A lattice from lengths (Å) and angles (degrees), oriented as pymatgen's
     * Lattice.from_parameters (c along z, a in the xz plane), so written POSCARs match pymatgen's.
     */
    public static Lattice fromParameters(double a, double b, double c, double alpha, double beta, double gamma) {
        for (double v : new double[] {a, b, c}) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("lattice lengths must be positive: " + a + ", " + b + ", " + c);
            }
        }
        for (double v : new double[] {alpha, beta, gamma}) {
            if (!(v > 0 && v < 180)) {
                throw new IllegalArgumentException(
                        "lattice angles must lie in (0, 180) degrees: " + alpha + ", " + beta + ", " + gamma);
            }
        }
        double ar = Math.toRadians(alpha);
        double br = Math.toRadians(beta);
        double gr = Math.toRadians(gamma);
        double cosA = cosDeg(alpha, ar);
        double cosB = cosDeg(beta, br);
        double cosG = cosDeg(gamma, gr);
        double sinA = Math.sin(ar);
        double sinB = Math.sin(br);
        double val = (cosA * cosB - cosG) / (sinA * sinB);
        val = Math.max(-1, Math.min(1, val));
        double gammaStar = Math.acos(val);
        double[][] mat = {
            {a * sinB, 0.0, a * cosB},
            {-b * sinA * Math.cos(gammaStar), b * sinA * Math.sin(gammaStar), b * cosA},
            {0.0, 0.0, c}
        };
        return new Lattice(mat);
    }

    /** cos of an angle, exact 0 at 90° (as pymatgen does) so right angles stay right. */
    private static double cosDeg(double deg, double rad) {
        return deg == 90.0 ? 0.0 : Math.cos(rad);
    }

    public static Lattice cubic(double a) {
        return fromParameters(a, a, a, 90, 90, 90);
    }

    /** A copy of the matrix (rows a, b, c in Å). */
    public double[][] matrix() {
        return new double[][] {m[0].clone(), m[1].clone(), m[2].clone()};
    }

    /** Entry (i, j) of the matrix without copying. */
    public double get(int i, int j) {
        return m[i][j];
    }

    /** Volume in Å^3. */
    public double volume() {
        return volume;
    }

    public double a() {
        return norm(m[0]);
    }

    public double b() {
        return norm(m[1]);
    }

    public double c() {
        return norm(m[2]);
    }

    public double[] abc() {
        return new double[] {a(), b(), c()};
    }

    /** alpha, beta, gamma in degrees. */
    public double[] angles() {
        return new double[] {angle(m[1], m[2]), angle(m[0], m[2]), angle(m[0], m[1])};
    }

    public double alpha() {
        return angles()[0];
    }

    public double beta() {
        return angles()[1];
    }

    public double gamma() {
        return angles()[2];
    }

    /** The reciprocal lattice with the 2π factor (physics convention, 1/Å), as pymatgen's reciprocal_lattice. */
    public Lattice reciprocalLattice() {
        return reciprocal(2 * Math.PI);
    }

    /** The reciprocal lattice without 2π (crystallographic convention). */
    public Lattice reciprocalLatticeCrystallographic() {
        return reciprocal(1);
    }

    /** Rows are the columns of the inverse matrix, times {@code factor}. */
    private Lattice reciprocal(double factor) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i][j] = factor * inv[j][i];
            }
        }
        return new Lattice(r);
    }

    public double[] cartesian(double[] frac) {
        double[] out = new double[3];
        cartesian(frac[0], frac[1], frac[2], out);
        return out;
    }

    /** Cartesian coordinates (Å) of a fractional point, written into {@code out}. */
    public void cartesian(double fa, double fb, double fc, double[] out) {
        out[0] = fa * m[0][0] + fb * m[1][0] + fc * m[2][0];
        out[1] = fa * m[0][1] + fb * m[1][1] + fc * m[2][1];
        out[2] = fa * m[0][2] + fb * m[1][2] + fc * m[2][2];
    }

    public double[] fractional(double[] cart) {
        double[] out = new double[3];
        for (int j = 0; j < 3; j++) {
            out[j] = cart[0] * inv[0][j] + cart[1] * inv[1][j] + cart[2] * inv[2][j];
        }
        return out;
    }

    /**
     * Shortest distance (Å) between two fractional points over all periodic images. Exact for any
     * cell shape: after wrapping the difference to [-1/2, 1/2), every image that could be closer
     * than the wrapped one satisfies |Δf_i + n_i| ≤ d0·|b*_i|, so only those n_i are searched.
     */
    public double distance(double[] f1, double[] f2) {
        return Math.sqrt(distanceSquared(f2[0] - f1[0], f2[1] - f1[1], f2[2] - f1[2]));
    }

    /** Squared minimum-image length (Å^2) of a fractional difference vector. */
    public double distanceSquared(double dx, double dy, double dz) {
        return shortestImage(dx, dy, dz, null);
    }

    /**
     * Minimum image of a fractional difference vector: writes the fractional vector of the
     * shortest periodic image into {@code out} (length 3) and returns its squared length (Å^2).
     * Same exact search as {@link #distanceSquared}; used to unwrap clusters of periodic points.
     */
    public double minimumImage(double dx, double dy, double dz, double[] out) {
        return shortestImage(dx, dy, dz, out);
    }

    /**
     * The exact image search behind both: wrap to [-1/2, 1/2), then try only the images that
     * can be shorter, |Δf_i + n_i| ≤ d0·|b*_i|. Writes the winning fractional vector into
     * {@code out} when it is not null.
     */
    private double shortestImage(double dx, double dy, double dz, double[] out) {
        dx -= Math.rint(dx);
        dy -= Math.rint(dy);
        dz -= Math.rint(dz);
        double cx = dx * m[0][0] + dy * m[1][0] + dz * m[2][0];
        double cy = dx * m[0][1] + dy * m[1][1] + dz * m[2][1];
        double cz = dx * m[0][2] + dy * m[1][2] + dz * m[2][2];
        double best = cx * cx + cy * cy + cz * cz;
        double bx = dx;
        double by = dy;
        double bz = dz;
        double d0 = Math.sqrt(best);
        int lo0 = (int) Math.ceil(-d0 * recipLengths[0] - dx - 1e-12);
        int hi0 = (int) Math.floor(d0 * recipLengths[0] - dx + 1e-12);
        int lo1 = (int) Math.ceil(-d0 * recipLengths[1] - dy - 1e-12);
        int hi1 = (int) Math.floor(d0 * recipLengths[1] - dy + 1e-12);
        int lo2 = (int) Math.ceil(-d0 * recipLengths[2] - dz - 1e-12);
        int hi2 = (int) Math.floor(d0 * recipLengths[2] - dz + 1e-12);
        for (int i = lo0; i <= hi0; i++) {
            for (int j = lo1; j <= hi1; j++) {
                for (int k = lo2; k <= hi2; k++) {
                    if (i == 0 && j == 0 && k == 0) {
                        continue;
                    }
                    double fx = dx + i;
                    double fy = dy + j;
                    double fz = dz + k;
                    double x = fx * m[0][0] + fy * m[1][0] + fz * m[2][0];
                    double y = fx * m[0][1] + fy * m[1][1] + fz * m[2][1];
                    double z = fx * m[0][2] + fy * m[1][2] + fz * m[2][2];
                    double d = x * x + y * y + z * z;
                    if (d < best) {
                        best = d;
                        bx = fx;
                        by = fy;
                        bz = fz;
                    }
                }
            }
        }
        if (out != null) {
            out[0] = bx;
            out[1] = by;
            out[2] = bz;
        }
        return best;
    }

    /** Lengths of the crystallographic reciprocal vectors (1/Å, no 2π). */
    public double[] reciprocalLengths() {
        return recipLengths.clone();
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    private static double angle(double[] u, double[] v) {
        double c = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (norm(u) * norm(v));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Lattice other)) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (!Site.close(m[i][j], other.m[i][j], MATRIX_ATOL, MATRIX_RTOL)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A constant: lattices equal within the tolerance share nothing finer (see the class comment). */
    @Override
    public int hashCode() {
        return 7;
    }

    @Override
    public String toString() {
        double[] abc = abc();
        double[] ang = angles();
        return String.format(
                "Lattice(a=%.4f, b=%.4f, c=%.4f, alpha=%.3f, beta=%.3f, gamma=%.3f)",
                abc[0], abc[1], abc[2], ang[0], ang[1], ang[2]);
    }
}
