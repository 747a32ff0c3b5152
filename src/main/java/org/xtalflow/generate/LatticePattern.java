package org.xtalflow.generate;

import org.xtalflow.crystal.SpaceGroup;

/**
 * PGCGM's fixed lattice description per space group: the length pattern P (abc_s = sum_l box_l
 * P[l][s]) and the fixed angles. The paper tabulates them for 20 groups; they follow from the
 * crystal system, which is how they are given here for any group whose angles are fixed by
 * symmetry (orthorhombic, tetragonal, trigonal/hexagonal in hexagonal axes, cubic: numbers
 * 16-230). Monoclinic and triclinic groups have free angles that the network does not output.
 */
public final class LatticePattern {

    private LatticePattern() {}

    /** Whether the generator can represent the group (its angles are fixed by symmetry). */
    public static boolean supports(SpaceGroup sg) {
        return sg.number() >= 16;
    }

    /** Throws IllegalArgumentException naming the group when it is monoclinic or triclinic. */
    public static void require(SpaceGroup sg) {
        if (!supports(sg)) {
            throw new IllegalArgumentException("space group " + sg + " is " + sg.crystalSystem()
                    + ": its angles are not fixed by symmetry, so PGCGM cannot generate it (use 16-230)");
        }
    }

    /** The 3x3 length pattern P[l][s]. */
    public static double[][] lengths(SpaceGroup sg) {
        require(sg);
        switch (sg.crystalSystem()) {
            case "cubic": {
                double t = 1.0 / 3.0;
                return new double[][] {{t, t, t}, {t, t, t}, {t, t, t}};
            }
            case "tetragonal":
            case "trigonal":
            case "hexagonal":
                return new double[][] {{0.5, 0.5, 0}, {0.5, 0.5, 0}, {0, 0, 1}};
            default:
                return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        }
    }

    /** alpha, beta, gamma in degrees. */
    public static double[] angles(SpaceGroup sg) {
        require(sg);
        return sg.isHexagonalAxes() ? new double[] {90, 90, 120} : new double[] {90, 90, 90};
    }

    /** abc_s = sum_l box_l P[l][s] (PGCGM's einsum 'bl,bls->bs'). */
    public static double[] apply(double[][] p, double[] box) {
        double[] abc = new double[3];
        for (int s = 0; s < 3; s++) {
            for (int l = 0; l < 3; l++) {
                abc[s] += box[l] * p[l][s];
            }
        }
        return abc;
    }
}
