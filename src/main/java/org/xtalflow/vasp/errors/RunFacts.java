package org.xtalflow.vasp.errors;

/**
 * Numbers from a run's outputs that some corrections need; 0 or NaN where no output said.
 *
 * @param nbands           bands VASP used (OUTCAR NBANDS), 0 if unknown
 * @param nelect           electrons (OUTCAR NELECT), NaN if unknown
 * @param nions            atoms (OUTCAR NIONS or vasprun), 0 if unknown
 * @param ionicSteps       completed ionic steps (OSZICAR), 0 if none
 * @param entropyPerAtom   largest |T*S| per atom over the completed ionic steps, eV; NaN if unknown
 * @param maxLatticeLength longest lattice vector of the last structure, Å; NaN if unknown
 */
public record RunFacts(
        int nbands, double nelect, int nions, int ionicSteps, double entropyPerAtom, double maxLatticeLength) {

    public static RunFacts none() {
        return new RunFacts(0, Double.NaN, 0, 0, Double.NaN, Double.NaN);
    }
}
