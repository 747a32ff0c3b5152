package org.xtalflow.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw network outputs into samples exactly as PGCGM's create_cif.py does (see
 * resources/xtalflow/pgcgm/SOURCE.md): frac = c * cr + cr rounded to 2 decimals for each of the
 * three coordinate sets; box = exp(g * lr + lr), abc = box through the group's length pattern;
 * angles fixed by the group.
 */
public final class Decoder {

    private final double[][] cr;
    private final double[] lr;

    public Decoder(double[][] coordScale, double[] lengthScale) {
        this.cr = coordScale;
        this.lr = lengthScale;
    }

    /**
     * @param coords (B, 3, 3, 3) row-major: set k, element m, component c; values in (-1, 1)
     * @param length (B, 3) values in (-1, 1)
     */
    public List<GeneratedSample> decode(float[] coords, float[] length, List<Condition> conditions) {
        int b = conditions.size();
        if (coords.length != 27 * b || length.length != 3 * b) {
            throw new IllegalArgumentException("generator output has " + coords.length + " coordinates and "
                    + length.length + " lengths for " + b + " samples (expected " + 27 * b + " and " + 3 * b + ")");
        }
        List<GeneratedSample> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Condition cond = conditions.get(i);
            double[][][] frac = new double[3][3][3];
            for (int k = 0; k < 3; k++) {
                for (int m = 0; m < 3; m++) {
                    for (int c = 0; c < 3; c++) {
                        double v = coords[27 * i + 9 * k + 3 * m + c] * cr[m][c] + cr[m][c];
                        frac[k][m][c] = round2(v);
                    }
                }
            }
            double[] box = new double[3];
            for (int l = 0; l < 3; l++) {
                box[l] = Math.exp(length[3 * i + l] * lr[l] + lr[l]);
            }
            double[] abc = LatticePattern.apply(LatticePattern.lengths(cond.spaceGroup()), box);
            out.add(new GeneratedSample(cond, frac, abc, LatticePattern.angles(cond.spaceGroup())));
        }
        return out;
    }

    /** Python's round(x, 2) for the values at hand (numpy rounds half to even; ties are measure-zero here). */
    static double round2(double v) {
        return Math.rint(v * 100.0) / 100.0;
    }

    /** Inverse of the coordinate decoding (for training targets): c = (frac - cr) / cr. */
    public double encodeCoord(double frac, int m, int c) {
        return (frac - cr[m][c]) / cr[m][c];
    }

    /** Inverse of the length decoding for box lengths: g = (ln box - lr) / lr. */
    public double encodeLength(double box, int l) {
        return (Math.log(box) - lr[l]) / lr[l];
    }
}
