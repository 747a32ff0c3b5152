package org.xtalflow.generate;

import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;

/**
 * One decoded generator output: three alternative base-site sets (one fractional position per
 * element each) sharing one lattice. {@code frac[k][m]} is the x, y, z of element m in set k, in
 * [0, 1] rounded to 2 decimals as PGCGM writes them; lengths in Å, angles in degrees.
 */
public record GeneratedSample(Condition condition, double[][][] frac, double[] abc, double[] angles) {

    /** Number of alternative coordinate sets per sample (PGCGM's 3 CIFs with suffix _0, _1, _2). */
    public static final int SETS = 3;

    public Lattice lattice() {
        return Lattice.fromParameters(abc[0], abc[1], abc[2], angles[0], angles[1], angles[2]);
    }

    /** The base positions of set k: 3 rows (elements in input order) of x, y, z. */
    public double[][] baseSites(int k) {
        return new double[][] {frac[k][0].clone(), frac[k][1].clone(), frac[k][2].clone()};
    }

    public Element[] species() {
        return condition.elements().toArray(new Element[0]);
    }
}
