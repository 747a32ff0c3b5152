package org.xtalflow.vasp.outputs;

/**
 * Band edges from the eigenvalues of the last ionic step, as pymatgen's
 * {@code Vasprun.eigenvalue_band_properties} (both spins together): the VBM is the highest
 * eigenvalue with occupation above 1e-8, the CBM the lowest at or below it. Energies in eV.
 *
 * @param gap      max(cbm − vbm, 0)
 * @param cbm      conduction band minimum
 * @param vbm      valence band maximum
 * @param isDirect whether VBM and CBM sit at the same k-point
 */
public record BandEdges(double gap, double cbm, double vbm, boolean isDirect) {

    /** pymatgen's occu_tol. */
    static final double OCCUPATION_TOLERANCE = 1e-8;

    /** Accumulates edges over (k-point, eigenvalue, occupation) triples, in file order. */
    static final class Accumulator {
        double vbm = Double.NEGATIVE_INFINITY;
        double cbm = Double.POSITIVE_INFINITY;
        int vbmK = -1;
        int cbmK = -1;
        boolean any;

        void add(int k, double eig, double occ) {
            any = true;
            if (occ > OCCUPATION_TOLERANCE && eig > vbm) {
                vbm = eig;
                vbmK = k;
            } else if (occ <= OCCUPATION_TOLERANCE && eig < cbm) {
                cbm = eig;
                cbmK = k;
            }
        }

        BandEdges result() {
            return any ? new BandEdges(Math.max(cbm - vbm, 0), cbm, vbm, vbmK == cbmK) : null;
        }
    }
}
