package org.xtalflow.thermo;

/**
 * One energy correction applied to an entry, as pymatgen's EnergyAdjustment: either a constant
 * (ConstantEnergyAdjustment) or a per-atom value times a number of atoms
 * (CompositionEnergyAdjustment, e.g. "MP2020 anion correction (oxide)": -0.687 eV x 3 O).
 *
 * @param name        pymatgen's name, e.g. "MP2020 anion correction (oxide)"
 * @param adjPerAtom  eV per corrected atom; NaN for a constant adjustment
 * @param nAtoms      number of corrected atoms; NaN for a constant adjustment
 * @param value       the adjustment in eV (adjPerAtom x nAtoms for a composition adjustment)
 * @param uncertainty eV (NaN when unknown, as pymatgen)
 * @param description free text
 */
public record EnergyAdjustment(
        String name, double adjPerAtom, double nAtoms, double value, double uncertainty, String description) {

    public static EnergyAdjustment constant(String name, double valueEv, double uncertaintyEv) {
        return new EnergyAdjustment(name, Double.NaN, Double.NaN, valueEv, uncertaintyEv, "Constant energy adjustment");
    }

    public static EnergyAdjustment perAtom(
            String name, double adjPerAtomEv, double nAtoms, double uncertaintyPerAtomEv) {
        return new EnergyAdjustment(
                name,
                adjPerAtomEv,
                nAtoms,
                adjPerAtomEv * nAtoms,
                uncertaintyPerAtomEv * Math.abs(nAtoms),
                "Composition-based energy adjustment");
    }

    public boolean isPerAtom() {
        return !Double.isNaN(adjPerAtom);
    }
}
