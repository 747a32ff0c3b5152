package org.xtalflow.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * PGCGM's physics losses on generated (decoded, unrounded) structures, differentiable:
 * <ul>
 * <li>inter-element distance: within each coordinate set, the nearest symmetry image of element
 * j to element i must be at least ratio * (r_i + r_j) away: mean relu(bound - d);</li>
 * <li>intra-element distance: the distinct images of an element (farther than
 * {@link #COINCIDENT_ANGSTROM}, i.e. not merged onto the site itself) must be at least
 * ratio * 2 r_i apart;</li>
 * <li>base/full consistency: sets 1 and 2 must be symmetry images of set 0 (their atoms lie on
 * the orbits that set 0 generates): mean distance to the nearest image.</li>
 * </ul>
 * Distances are minimum-image over the nearest cell translation of the fractional difference
 * (d - round(d)), in Å through the fixed-angle lattice.
 */
public final class PhysicsLoss {

    /** Images closer than this (Å) count as the site itself (merged), not as a clash. */
    public static final double COINCIDENT_ANGSTROM = 0.1;

    private static final int[][] PAIRS = {{0, 1}, {0, 2}, {1, 2}};

    private PhysicsLoss() {}

    /** Per-batch constant tensors. */
    public record Inputs(
            NDArray rot,
            NDArray trans,
            NDArray opMask,
            NDArray radii,
            NDArray pattern,
            NDArray axes,
            NDArray cr,
            NDArray lr) {}

    /** The three losses {inter, intra, consistency}, each a scalar. */
    public static NDArray[] losses(NDArray coords, NDArray length, Inputs in, double ratio) {
        long b = coords.getShape().get(0);
        NDArray frac = coords.mul(in.cr.expandDims(0).expandDims(0))
                .add(in.cr.expandDims(0).expandDims(0)); // (B,3,3,3)
        NDArray box = length.mul(in.lr).add(in.lr).exp(); // (B,3)
        NDArray abc = box.expandDims(2).mul(in.pattern).sum(new int[] {1}); // (B,3)
        // images of all 9 base sites: (B, 9, 192, 3)
        NDArray x = frac.reshape(b, 9, 1, 3, 1);
        NDArray img = in.rot.expandDims(1).matMul(x).squeeze(4).add(in.trans.expandDims(1));
        NDArray mask = in.opMask.expandDims(1); // (B,1,192)
        NDArray big = mask.neg().add(1f).mul(1e3f);
        NDArray[] out = new NDArray[3];
        NDArray inter = null;
        NDArray intra = null;
        for (int k = 0; k < 3; k++) {
            for (int[] p : PAIRS) {
                NDArray xi = frac.get(":, {}, {}, :", k, p[0]).expandDims(1); // (B,1,3)
                NDArray imj = img.get(":, {}, :, :", 3 * k + p[1]); // (B,192,3)
                NDArray d = dist(imj.sub(xi), abc, in.axes).add(big.squeeze(1)).min(new int[] {1}); // (B)
                NDArray bound = in.radii
                        .get(":, {}", p[0])
                        .add(in.radii.get(":, {}", p[1]))
                        .mul((float) ratio);
                NDArray l = bound.sub(d).maximum(0f).mean();
                inter = inter == null ? l : inter.add(l);
            }
            for (int m = 0; m < 3; m++) {
                NDArray xi = frac.get(":, {}, {}, :", k, m).expandDims(1);
                NDArray imi = img.get(":, {}, :, :", 3 * k + m);
                NDArray d = dist(imi.sub(xi), abc, in.axes); // (B,192)
                NDArray w = d.gt((float) COINCIDENT_ANGSTROM)
                        .toType(d.getDataType(), false)
                        .mul(mask.squeeze(1))
                        .stopGradient();
                NDArray bound =
                        in.radii.get(":, {}", m).mul((float) (2 * ratio)).expandDims(1);
                NDArray l = bound.sub(d).maximum(0f).mul(w).sum().div((float) (b * 192.0));
                intra = intra == null ? l : intra.add(l);
            }
        }
        NDArray cons = null;
        for (int k = 1; k < 3; k++) {
            for (int m = 0; m < 3; m++) {
                NDArray xk = frac.get(":, {}, {}, :", k, m).expandDims(1);
                NDArray im0 = img.get(":, {}, :, :", m);
                NDArray d = dist(im0.sub(xk), abc, in.axes).add(big.squeeze(1)).min(new int[] {1});
                NDArray l = d.mean();
                cons = cons == null ? l : cons.add(l);
            }
        }
        out[0] = inter.div(9f);
        out[1] = intra.div(9f);
        out[2] = cons.div(6f);
        return out;
    }

    /** |minimum-image Cartesian vector| in Å of fractional differences (B, N, 3). */
    static NDArray dist(NDArray dfrac, NDArray abc, NDArray axes) {
        NDArray wrapped = dfrac.sub(dfrac.round().stopGradient());
        NDArray cart = wrapped.mul(abc.expandDims(1)).matMul(axes); // (B,N,3)
        return cart.square().sum(new int[] {2}).add(1e-8f).sqrt();
    }

    /** Builds per-batch constants from plain arrays (B rows). */
    public static Inputs inputs(
            NDManager m,
            float[] rot,
            float[] trans,
            float[] mask,
            float[] radii,
            float[] pattern,
            float[] axes,
            double[][] cr,
            double[] lr) {
        int b = radii.length / 3;
        float[] crf = new float[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                crf[3 * i + j] = (float) cr[i][j];
            }
        }
        float[] lrf = {(float) lr[0], (float) lr[1], (float) lr[2]};
        return new Inputs(
                m.create(rot, new Shape(b, 192, 3, 3)),
                m.create(trans, new Shape(b, 192, 3)),
                m.create(mask, new Shape(b, 192)),
                m.create(radii, new Shape(b, 3)),
                m.create(pattern, new Shape(b, 3, 3)),
                m.create(axes, new Shape(b, 3, 3)),
                m.create(crf, new Shape(3, 3)),
                m.create(lrf, new Shape(3)));
    }
}
