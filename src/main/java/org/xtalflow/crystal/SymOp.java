package org.xtalflow.crystal;

/**
 * A symmetry operation on fractional coordinates: x' = R·x + t. Parsed from and written as CIF
 * xyz strings ("-y+1/4, x+3/4, z+3/4", "x-y,x,1/2+z", "0.5+X").
 */
public final class SymOp {
    private final double[] r; // row-major 3x3
    private final double[] t;

    public SymOp(double[][] rotation, double[] translation) {
        r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = rotation[i][j];
            }
        }
        t = translation.clone();
    }

    /** From a 4x4 affine matrix [[R, t], [0, 1]]. */
    public static SymOp fromAffine(double[][] affine) {
        double[][] rot = new double[3][3];
        double[] tr = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rot[i][j] = affine[i][j];
            }
            tr[i] = affine[i][3];
        }
        return new SymOp(rot, tr);
    }

    public static final SymOp IDENTITY = new SymOp(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[3]);

    /**
     * Parses a CIF xyz operation. Throws IllegalArgumentException with the offending text when
     * it is not three comma-separated linear expressions in x, y, z.
     */
    public static SymOp parse(String xyz) {
        String s = xyz.trim();
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) {
            s = s.substring(1, s.length() - 1);
        }
        String[] parts = s.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("symmetry operation '" + xyz + "' does not have 3 components");
        }
        double[][] rot = new double[3][3];
        double[] tr = new double[3];
        for (int i = 0; i < 3; i++) {
            parseComponent(parts[i].replace(" ", "").toLowerCase(), rot[i], tr, i, xyz);
        }
        return new SymOp(rot, tr);
    }

    private static void parseComponent(String c, double[] row, double[] tr, int i, String whole) {
        if (c.isEmpty()) {
            throw new IllegalArgumentException("empty component in symmetry operation '" + whole + "'");
        }
        int p = 0;
        while (p < c.length()) {
            double sign = 1;
            if (c.charAt(p) == '+' || c.charAt(p) == '-') {
                sign = c.charAt(p) == '-' ? -1 : 1;
                p++;
            }
            int start = p;
            while (p < c.length() && (Character.isDigit(c.charAt(p)) || c.charAt(p) == '.' || c.charAt(p) == '/')) {
                p++;
            }
            double coef = 1;
            boolean hasNumber = p > start;
            if (hasNumber) {
                coef = parseNumber(c.substring(start, p), whole);
                if (p < c.length() && c.charAt(p) == '*') {
                    p++;
                }
            }
            if (p < c.length() && c.charAt(p) >= 'x' && c.charAt(p) <= 'z') {
                row[c.charAt(p) - 'x'] += sign * coef;
                p++;
            } else if (hasNumber) {
                tr[i] += sign * coef;
            } else {
                throw new IllegalArgumentException("cannot read '" + c + "' in symmetry operation '" + whole + "'");
            }
        }
    }

    private static double parseNumber(String num, String whole) {
        try {
            int slash = num.indexOf('/');
            if (slash >= 0) {
                return Double.parseDouble(num.substring(0, slash)) / Double.parseDouble(num.substring(slash + 1));
            }
            return Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed number '" + num + "' in symmetry operation '" + whole + "'");
        }
    }

    /** Applies the operation to fractional coordinates (no wrapping). */
    public double[] apply(double[] f) {
        double[] out = new double[3];
        apply(f[0], f[1], f[2], out, 0);
        return out;
    }

    /** Applies the operation, writing x', y', z' into out[off..off+2]; no allocation. */
    public void apply(double x, double y, double z, double[] out, int off) {
        out[off] = r[0] * x + r[1] * y + r[2] * z + t[0];
        out[off + 1] = r[3] * x + r[4] * y + r[5] * z + t[1];
        out[off + 2] = r[6] * x + r[7] * y + r[8] * z + t[2];
    }

    public double rotation(int i, int j) {
        return r[3 * i + j];
    }

    public double translation(int i) {
        return t[i];
    }

    /** 4x4 affine matrix [[R, t], [0, 1]]. */
    public double[][] affine() {
        double[][] a = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i][j] = r[3 * i + j];
            }
            a[i][3] = t[i];
        }
        a[3][3] = 1;
        return a;
    }

    /** The CIF xyz form, e.g. "-y+1/4, x+3/4, z" (pymatgen's style). */
    public String toXyz() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            StringBuilder comp = new StringBuilder();
            for (int j = 0; j < 3; j++) {
                double v = r[3 * i + j];
                if (Math.abs(v) < 1e-9) {
                    continue;
                }
                String var = String.valueOf((char) ('x' + j));
                if (v < 0) {
                    comp.append('-');
                } else if (comp.length() > 0) {
                    comp.append('+');
                }
                double av = Math.abs(v);
                if (Math.abs(av - 1) > 1e-9) {
                    comp.append(fraction(av));
                }
                comp.append(var);
            }
            double tv = t[i];
            if (Math.abs(tv) > 1e-9) {
                comp.append(tv < 0 ? "-" : (comp.length() > 0 ? "+" : "")).append(fraction(Math.abs(tv)));
            }
            sb.append(comp.length() == 0 ? "0" : comp);
        }
        return sb.toString();
    }

    private static String fraction(double v) {
        for (int den : new int[] {1, 2, 3, 4, 6, 8, 12}) {
            double num = v * den;
            if (Math.abs(num - Math.rint(num)) < 1e-6) {
                long n = Math.round(num);
                return den == 1 ? Long.toString(n) : n + "/" + den;
            }
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return toXyz();
    }
}
