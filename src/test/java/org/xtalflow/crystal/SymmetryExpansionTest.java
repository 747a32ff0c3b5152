package org.xtalflow.crystal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hashed duplicate check of large orbits gives exactly the plain all-pairs result. */
class SymmetryExpansionTest {

    private static final double[] SPECIAL = {0, 0.125, 0.25, 1.0 / 3, 0.5, 2.0 / 3, 0.75, 0.875, 0.9999, 0.99995};

    @Test
    void orbitsEqualTheAllPairsDefinitionForEveryGroup() {
        Random rnd = new Random(11);
        int checked = 0;
        for (int n = 1; n <= 230; n++) {
            List<SymOp> ops = SpaceGroup.of(n).operations();
            double[] fast = new double[3 * ops.size()];
            double[] slow = new double[3 * ops.size()];
            for (int t = 0; t < 40; t++) {
                double[] p = new double[3];
                for (int c = 0; c < 3; c++) {
                    p[c] = switch (t % 4) {
                        case 0 -> rnd.nextDouble(); // general position
                        case 1 -> Math.round(rnd.nextDouble() * 100) / 100.0; // PGCGM's 2 decimals
                        case 2 -> SPECIAL[rnd.nextInt(SPECIAL.length)]; // special positions
                        default -> SPECIAL[rnd.nextInt(SPECIAL.length)] + (rnd.nextDouble() - 0.5) * 2.4e-4; // near tol
                    };
                }
                for (double tol : new double[] {1e-4, 1e-3, 0.02}) {
                    int m = SymmetryExpansion.orbit(p[0], p[1], p[2], ops, tol, fast);
                    int k = allPairs(p, ops, tol, slow);
                    assertThat(m)
                            .as("group %d point %s tol %s", n, java.util.Arrays.toString(p), tol)
                            .isEqualTo(k);
                    for (int i = 0; i < 3 * m; i++) {
                        assertThat(fast[i]).isEqualTo(slow[i]);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(230 * 40 * 3);
        // a general position of Fm-3m has 192 images, the origin 1 per centring vector
        double[] buf = new double[3 * 192];
        assertThat(SymmetryExpansion.orbit(
                        0.0123, 0.2171, 0.3897, SpaceGroup.of(225).operations(), 1e-4, buf))
                .isEqualTo(192);
        assertThat(SymmetryExpansion.orbit(0, 0, 0, SpaceGroup.of(225).operations(), 1e-4, buf))
                .isEqualTo(4);
    }

    /** The definition: keep an image unless it coincides (periodically, within tol) with a kept one. */
    private static int allPairs(double[] p, List<SymOp> ops, double tol, double[] buf) {
        int n = 0;
        for (SymOp op : ops) {
            int off = 3 * n;
            op.apply(p[0], p[1], p[2], buf, off);
            for (int c = 0; c < 3; c++) {
                buf[off + c] = SymmetryExpansion.wrap(buf[off + c]);
            }
            boolean dup = false;
            for (int k = 0; k < n && !dup; k++) {
                dup = SymmetryExpansion.samePeriodic(buf, 3 * k, buf, off, tol);
            }
            if (!dup) {
                n++;
            }
        }
        return n;
    }
}
