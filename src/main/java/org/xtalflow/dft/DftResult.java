package org.xtalflow.dft;

import org.xtalflow.thermo.ComputedEntry;

/**
 * What a finished DFT job gave, engine-neutral.
 *
 * @param entry     the computed entry: final structure, uncorrected final energy (eV), run type and
 *                  parameters (for GPAW: engine, input set, settings hash, versions)
 * @param converged electronic and ionic convergence reached
 */
public record DftResult(ComputedEntry entry, boolean converged) {

    public double finalEnergyEv() {
        return entry.uncorrectedEnergy();
    }

    public double energyPerAtomEv() {
        return entry.uncorrectedEnergyPerAtom();
    }
}
