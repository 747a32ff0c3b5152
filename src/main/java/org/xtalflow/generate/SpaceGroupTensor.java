package org.xtalflow.generate;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.SymOp;

/**
 * The generator's space-group input: the group's 4x4 affine operations (centring included, in
 * the order of the bundled table, which is pymatgen's) zero-padded to 192 matrices, flattened
 * row-major as (192, 4, 4).
 */
public final class SpaceGroupTensor {

    public static final int MAX_OPS = 192;
    public static final int SIZE = MAX_OPS * 16;

    private static final ConcurrentHashMap<Integer, float[]> CACHE = new ConcurrentHashMap<>();

    private SpaceGroupTensor() {}

    /** A shared read-only array of length {@link #SIZE}; do not modify. */
    public static float[] of(SpaceGroup sg) {
        return CACHE.computeIfAbsent(sg.number(), n -> build(sg));
    }

    private static float[] build(SpaceGroup sg) {
        List<SymOp> ops = sg.operations();
        if (ops.size() > MAX_OPS) {
            throw new IllegalStateException(sg + " has " + ops.size() + " operations, more than " + MAX_OPS);
        }
        float[] t = new float[SIZE];
        for (int k = 0; k < ops.size(); k++) {
            double[][] a = ops.get(k).affine();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    t[16 * k + 4 * i + j] = (float) a[i][j];
                }
            }
        }
        return t;
    }
}
