package org.xtalflow.crystal;

/** 3x3 determinant and inverse; small enough that a library call would cost more than it saves. */
public final class Mat3 {
    private Mat3() {}

    public static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    public static double[][] inverse(double[][] m) {
        double d = det(m);
        double[][] r = new double[3][3];
        r[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / d;
        r[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / d;
        r[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / d;
        r[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / d;
        r[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / d;
        r[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / d;
        r[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / d;
        r[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / d;
        r[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / d;
        return r;
    }
}
