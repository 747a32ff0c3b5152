package org.xtalflow.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

/**
 * The critic's crystal input, (B, 3, 8, 8): one 8x8 channel per coordinate set k. model.py fixes
 * only the shape; this layout is xtalflow's (documented so a Python-trained critic can match it).
 * Channel k, flattened row-major, holds: [0..8] the scaled coordinates of set k (element m, x/y/z),
 * [9..11] the scaled lengths g, [12..62] {@link #FEATURES_PER_ELEMENT} features of each element
 * (element-major; feature columns {@link #FEATURE_COLUMNS}), [63] zero.
 */
public final class CrystalMatrix {

    /** Columns of the 23 PGCGM features kept (drops 15, always -1, and 17-21 booleans). */
    public static final int[] FEATURE_COLUMNS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 22};

    public static final int FEATURES_PER_ELEMENT = FEATURE_COLUMNS.length;

    private CrystalMatrix() {}

    /** The 51 selected features of a triple, element-major. */
    public static float[] features(float[][] elementFeatures) {
        float[] f = new float[3 * FEATURES_PER_ELEMENT];
        for (int m = 0; m < 3; m++) {
            for (int j = 0; j < FEATURES_PER_ELEMENT; j++) {
                f[m * FEATURES_PER_ELEMENT + j] = elementFeatures[m][FEATURE_COLUMNS[j]];
            }
        }
        return f;
    }

    /**
     * Assembles the matrix from differentiable pieces.
     *
     * @param coords (B, 3, 3, 3)
     * @param length (B, 3)
     * @param features (B, 51)
     */
    public static NDArray assemble(NDArray coords, NDArray length, NDArray features) {
        long b = coords.getShape().get(0);
        NDArray c = coords.reshape(b, 3, 9);
        NDArray l = length.expandDims(1).repeat(1, 3);
        NDArray f = features.expandDims(1).repeat(1, 3);
        NDArray z = coords.getManager().zeros(new Shape(b, 3, 1), coords.getDataType());
        return NDArrays.concat(new ai.djl.ndarray.NDList(c, l, f, z), 2).reshape(b, 3, 8, 8);
    }
}
