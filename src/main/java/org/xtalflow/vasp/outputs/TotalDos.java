package org.xtalflow.vasp.outputs;

import java.util.OptionalDouble;

/**
 * The total density of states of a vasprun.xml {@code <dos>} block: energies (eV, absolute, not
 * shifted by the Fermi level) and the density per spin (states/eV per cell). Immutable.
 */
public final class TotalDos {
    private final double efermi;
    private final double[] energies;
    private final double[][] densities; // [spin][point]

    TotalDos(double efermi, double[] energies, double[][] densities) {
        this.efermi = efermi;
        this.energies = energies;
        this.densities = densities;
    }

    public double efermi() {
        return efermi;
    }

    public double[] energies() {
        return energies.clone();
    }

    public int nspins() {
        return densities.length;
    }

    /** Density of one spin channel (0 = up, 1 = down). */
    public double[] densities(int spin) {
        return densities[spin].clone();
    }

    /** Both spins summed (pymatgen's {@code get_densities()} with spin=None). */
    public double[] totalDensities() {
        double[] t = densities[0].clone();
        for (int s = 1; s < densities.length; s++) {
            for (int i = 0; i < t.length; i++) {
                t[i] += densities[s][i];
            }
        }
        return t;
    }

    /**
     * pymatgen's {@code Dos.get_gap()} (current pymatgen: the interpolated gap, tolerance 1e-4
     * times the mean total density): the band edges are where the total DOS crosses the
     * tolerance, linearly interpolated between grid points on either side of E_F; 0 for a metal.
     * eV. (pymatgen 2022 used grid points and tol 1e-3, which gives 2.0589 instead of 2.0698 eV
     * on the LiFePO4 test file.)
     */
    public double gap() {
        return Math.max(interpolatedGap(1e-4)[0], 0.0);
    }

    /** {gap, cbm, vbm} as pymatgen's {@code Dos.get_interpolated_gap(tol, abs_tol=False)}. */
    double[] interpolatedGap(double relTol) {
        double[] t = totalDensities();
        double sum = 0;
        for (double v : t) {
            sum += v;
        }
        double tol = relTol * sum / t.length;
        int vbmStart = -1;
        int cbmStart = -1;
        for (int i = 0; i < energies.length; i++) {
            if (t[i] > tol && energies[i] < efermi) {
                vbmStart = i;
            }
            if (t[i] > tol && energies[i] > efermi && cbmStart < 0) {
                cbmStart = i;
            }
        }
        if (vbmStart < 0 || cbmStart < 0 || vbmStart == cbmStart || vbmStart == cbmStart - 1) {
            return new double[] {0.0, efermi, efermi};
        }
        double vbm = crossing(t[vbmStart + 1], energies[vbmStart + 1], t[vbmStart], energies[vbmStart], tol);
        double cbm = crossing(t[cbmStart - 1], energies[cbmStart - 1], t[cbmStart], energies[cbmStart], tol);
        return new double[] {cbm - vbm, cbm, vbm};
    }

    /** Energy where the density, linear between (d1, e1) and (d2, e2) with d1 &le; tol &lt; d2, equals tol. */
    private static double crossing(double d1, double e1, double d2, double e2, double tol) {
        return e1 + (e2 - e1) / (d2 - d1) * (tol - d1);
    }

    /**
     * pymatgen's {@code CompleteDos.spin_polarization}: |n↑ − n↓| / (n↑ + n↓) at E_F, linearly
     * interpolated; empty for a non-spin-polarized run, NaN when both densities are 0.
     */
    public OptionalDouble spinPolarization() {
        if (densities.length < 2) {
            return OptionalDouble.empty();
        }
        double up = interpolate(densities[0], efermi);
        double down = interpolate(densities[1], efermi);
        if (up + down == 0) {
            return OptionalDouble.of(Double.NaN);
        }
        return OptionalDouble.of(Math.abs((up - down) / (up + down)));
    }

    private double interpolate(double[] y, double x) {
        int i = 0;
        while (i < energies.length && energies[i] < x) {
            i++;
        }
        if (i == 0 || i == energies.length) {
            return Double.NaN; // E_F outside the grid (pymatgen raises)
        }
        double x1 = energies[i - 1];
        double x2 = energies[i];
        return y[i - 1] + (y[i] - y[i - 1]) / (x2 - x1) * (x - x1);
    }
}
