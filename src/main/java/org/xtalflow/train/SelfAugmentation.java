package org.xtalflow.train;

import java.util.SplittableRandom;
import org.xtalflow.crystal.Lattice;

/**
 * PGCGM's self-augmentation: a material with one orbit per element gives many equally valid
 * base-site sets. One set is drawn by nearest-atom steps: a random site of the first element,
 * the nearest site (minimum image, Å) of the second element to it, then the nearest site of the
 * third element to that one. A draw is three such sets.
 */
public final class SelfAugmentation {

    private SelfAugmentation() {}

    /** One draw: [set k][element m][x, y, z], positions taken from the orbits (wrapped). */
    public static double[][][] draw(TrainingMaterial m, SplittableRandom rnd) {
        Lattice l = m.lattice();
        double[][][] out = new double[3][][];
        for (int k = 0; k < 3; k++) {
            double[] a0 = m.orbits()[0][rnd.nextInt(m.orbits()[0].length)];
            double[] a1 = nearest(l, a0, m.orbits()[1]);
            double[] a2 = nearest(l, a1, m.orbits()[2]);
            out[k] = new double[][] {a0.clone(), a1.clone(), a2.clone()};
        }
        return out;
    }

    static double[] nearest(Lattice l, double[] from, double[][] candidates) {
        double best = Double.MAX_VALUE;
        double[] pick = candidates[0];
        for (double[] c : candidates) {
            double d = l.distanceSquared(c[0] - from[0], c[1] - from[1], c[2] - from[2]);
            if (d < best - 1e-12) {
                best = d;
                pick = c;
            }
        }
        return pick;
    }
}
