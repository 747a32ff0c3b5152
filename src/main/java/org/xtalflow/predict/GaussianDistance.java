package org.xtalflow.predict;

/**
 * CGCNN's bond features: a distance d (Å) expanded in Gaussians exp(-(d - μ_k)² / σ²) centred at
 * μ_k = k · 0.2 Å for k = 0..40 (numpy's arange(0, 8.2, 0.2)) with σ = 0.2 Å, computed in double
 * and stored as float, as the original does.
 */
public final class GaussianDistance {

    public static final double DMIN = 0.0;
    public static final double STEP = 0.2;
    public static final int LENGTH = 41;
    private static final double VAR2 = STEP * STEP;

    private GaussianDistance() {}

    /** Writes the 41 features of distance d into out[offset..offset+40]. */
    public static void expand(double d, float[] out, int offset) {
        for (int k = 0; k < LENGTH; k++) {
            double x = d - (DMIN + k * STEP);
            out[offset + k] = (float) Math.exp(-x * x / VAR2);
        }
    }
}
