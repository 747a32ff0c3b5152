package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussJordanTest {

    @Test
    void solvesWithPivotingAndInverts() {
        // the first pivot is 0: only partial pivoting solves this
        double[][] aug = {{0, 2, 1, 5}, {1, 1, 0, 3}, {2, 0, 3, 5}};
        double[] x = GaussJordan.solve(aug, 3);
        assertThat(x).containsExactly(new double[] {1, 2, 1}, within(1e-14));

        double[][] inv = {{4, 7, 1, 0}, {2, 6, 0, 1}};
        assertThat(GaussJordan.reduce(inv, 2)).isTrue();
        assertThat(new double[] {inv[0][2], inv[0][3], inv[1][2], inv[1][3]})
                .containsExactly(new double[] {0.6, -0.7, -0.2, 0.4}, within(1e-14));
    }

    @Test
    void singularSystemIsReportedNotDividedBy() {
        assertThat(GaussJordan.solve(new double[][] {{1, 2, 1}, {2, 4, 2}}, 2)).isNull();
        assertThat(GaussJordan.solve(new double[][] {{1, 0, 1}, {0, 1e-13, 1}}, 2))
                .isNull();
        assertThat(GaussJordan.solve(new double[][] {{Double.NaN, 0, 1}, {0, 1, 1}}, 2))
                .isNull();
    }
}
