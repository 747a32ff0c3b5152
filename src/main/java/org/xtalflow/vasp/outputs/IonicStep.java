package org.xtalflow.vasp.outputs;

/**
 * The energies of one ionic step ({@code <calculation>}) of a vasprun.xml, in eV for the whole
 * cell. NaN marks a value the file does not have (or an overflowed {@code *****}).
 *
 * @param index            0-based position among the ionic steps
 * @param eFrEnergy        free energy TOTEN ({@code e_fr_energy})
 * @param eWoEntrp         energy without entropy ({@code e_wo_entrp})
 * @param e0EnergyRaw      the {@code e_0_energy} field as written; 0 or wrong in some VASP 5 files
 * @param nElectronicSteps SCF steps ({@code <scstep>} with energies) in this ionic step
 * @param lastScEFrEnergy  {@code e_fr_energy} of the last SCF step
 * @param lastScE0Energy   {@code e_0_energy} of the last SCF step
 * @param hasStructure     whether the step wrote a {@code <structure>} (pymatgen's {@code structures} list)
 */
public record IonicStep(
        int index,
        double eFrEnergy,
        double eWoEntrp,
        double e0EnergyRaw,
        int nElectronicSteps,
        double lastScEFrEnergy,
        double lastScE0Energy,
        boolean hasStructure) {

    /**
     * The sigma→0 energy by pymatgen's rule ({@code Vasprun.final_energy} applied to this step):
     * the ionic {@code e_0_energy}, unless it disagrees by more than 1e-7 eV with
     * round(last SCF (e_0 - e_fr) + ionic e_fr, 8), which corrects a VASP bug in that field
     * (vasp.at forum t=16942). NaN when the step has no energy or no SCF step (pymatgen
     * returns inf there).
     */
    public double energy() {
        if (nElectronicSteps == 0 || Double.isNaN(e0EnergyRaw)) {
            return Double.NaN; // pymatgen: no total energy (it returns inf)
        }
        double fix = roundHalfEven8(lastScE0Energy - lastScEFrEnergy + eFrEnergy);
        if (Math.abs(e0EnergyRaw - fix) > 1e-7) {
            return fix;
        }
        return e0EnergyRaw;
    }

    /** numpy.round(x, 8): scale, round half to even, unscale. */
    static double roundHalfEven8(double x) {
        return Math.rint(x * 1e8) / 1e8;
    }
}
