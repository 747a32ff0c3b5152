package org.xtalflow.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatticeTest {

    @Test
    void fromParametersMatchesPymatgenOrientationVolumeAndReciprocal() throws Exception {
        int rows = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/crystal/pymatgen_lattices.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                double[] p = nums(c[0]);
                double[] m = nums(c[1]);
                double[] rec = nums(c[3]);
                Lattice l = Lattice.fromParameters(p[0], p[1], p[2], p[3], p[4], p[5]);
                for (int i = 0; i < 9; i++) {
                    assertThat(l.get(i / 3, i % 3)).as(line).isCloseTo(m[i], within(1e-9));
                    assertThat(l.reciprocalLattice().get(i / 3, i % 3)).isCloseTo(rec[i], within(1e-9));
                }
                assertThat(l.volume()).isCloseTo(Double.parseDouble(c[2]), within(1e-8));
                assertThat(l.abc()).containsExactly(new double[] {p[0], p[1], p[2]}, within(1e-9));
                assertThat(l.angles()).containsExactly(new double[] {p[3], p[4], p[5]}, within(1e-9));
                rows++;
            }
        }
        assertThat(rows).isEqualTo(7);
    }

    private static double[] nums(String s) {
        String[] t = s.trim().split("\\s+");
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = Double.parseDouble(t[i]);
        }
        return out;
    }

    @Test
    void fractionalCartesianRoundTrip() {
        Lattice l = Lattice.fromParameters(5.1, 6.2, 7.3, 80, 95, 110);
        double[] f = {0.1, 0.7, -0.3};
        assertThat(l.fractional(l.cartesian(f))).containsExactly(f, within(1e-12));
    }

    /** On strongly skewed cells, rounding the fractional difference is not enough; compare with brute force. */
    @Test
    void minimumImageDistanceIsExactOnSkewedCells() {
        Random rnd = new Random(7);
        Lattice[] lattices = {
            new Lattice(new double[][] {{1, 0, 0}, {0.95, 0.3, 0}, {0.9, 0.25, 0.2}}),
            new Lattice(new double[][] {{4, 0, 0}, {3.8, 1.2, 0}, {0, 0, 10}}),
            Lattice.fromParameters(3, 3, 3, 20, 20, 20),
            Lattice.cubic(4.0),
        };
        for (Lattice l : lattices) {
            for (int t = 0; t < 300; t++) {
                double[] a = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
                double[] b = {rnd.nextDouble() * 3 - 1, rnd.nextDouble() * 3 - 1, rnd.nextDouble() * 3 - 1};
                assertThat(l.distance(a, b)).isCloseTo(bruteForce(l, a, b), within(1e-10));
            }
        }
        // the plain "round the difference" answer is wrong on the first cell: make sure such cases exist
        Lattice skew = lattices[0];
        int naiveWrong = 0;
        for (int t = 0; t < 300; t++) {
            double[] b = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
            double[] d = {b[0] - Math.rint(b[0]), b[1] - Math.rint(b[1]), b[2] - Math.rint(b[2])};
            double[] naive = skew.cartesian(d);
            double naiveLen = Math.sqrt(naive[0] * naive[0] + naive[1] * naive[1] + naive[2] * naive[2]);
            if (skew.distance(new double[3], b) < naiveLen - 1e-3) {
                naiveWrong++;
            }
        }
        assertThat(naiveWrong).isGreaterThan(10);
    }

    private static double bruteForce(Lattice l, double[] a, double[] b) {
        double best = Double.MAX_VALUE;
        for (int i = -8; i <= 8; i++) {
            for (int j = -8; j <= 8; j++) {
                for (int k = -8; k <= 8; k++) {
                    double[] c = l.cartesian(new double[] {b[0] - a[0] + i, b[1] - a[1] + j, b[2] - a[2] + k});
                    best = Math.min(best, Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]));
                }
            }
        }
        return best;
    }

    @Test
    void rejectsImpossibleCells() {
        assertThatThrownBy(() -> Lattice.fromParameters(-1, 2, 3, 90, 90, 90))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lattice.fromParameters(1, 2, 3, 90, 190, 90))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lattice(new double[][] {{1, 0, 0}, {2, 0, 0}, {0, 0, 1}}))
                .hasMessageContaining("singular");
    }
}
