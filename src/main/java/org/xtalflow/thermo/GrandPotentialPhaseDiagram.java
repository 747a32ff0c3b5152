package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;

/**
 * pymatgen's GrandPotentialPhaseDiagram: the phase diagram open to some elements at fixed
 * chemical potentials μ (absolute, eV/atom). Each entry's grand potential is
 * E - Σ μ_el n_el over the open elements, its composition without them; entries made only of
 * open elements drop out. Formation energies are per entry (eV), against the lowest grand
 * potential per atom of each remaining element (which may be a compound, e.g. Fe2O3 for Fe).
 */
public final class GrandPotentialPhaseDiagram {

    private final Map<Element, Double> chemicalPotentials;
    private final PhaseDiagram pd;
    private final Map<ComputedEntry, ComputedEntry> originalOf = new IdentityHashMap<>();
    private final Map<ComputedEntry, ComputedEntry> grandOf = new IdentityHashMap<>();

    public GrandPotentialPhaseDiagram(List<ComputedEntry> entries, Map<Element, Double> chemicalPotentialsEvPerAtom) {
        this.chemicalPotentials = Collections.unmodifiableMap(new LinkedHashMap<>(chemicalPotentialsEvPerAtom));
        List<ComputedEntry> grand = new ArrayList<>();
        for (ComputedEntry e : entries) {
            Map<Element, Double> rest = new LinkedHashMap<>();
            double g = e.energy();
            for (Map.Entry<Element, Double> a : e.composition().amounts().entrySet()) {
                Double mu = chemicalPotentials.get(a.getKey());
                if (mu == null) {
                    rest.put(a.getKey(), a.getValue());
                } else {
                    g -= mu * a.getValue();
                }
            }
            if (rest.isEmpty()) {
                continue;
            }
            ComputedEntry ge = ComputedEntry.builder(Composition.of(rest), g)
                    .entryId(e.entryId())
                    .build();
            grand.add(ge);
            originalOf.put(ge, e);
            grandOf.put(e, ge);
        }
        this.pd = new PhaseDiagram(grand);
    }

    public Map<Element, Double> chemicalPotentials() {
        return chemicalPotentials;
    }

    /** The diagram of the grand entries (compositions without the open elements). */
    public PhaseDiagram phaseDiagram() {
        return pd;
    }

    /** The original entries that are stable at these chemical potentials. */
    public List<ComputedEntry> stableEntries() {
        List<ComputedEntry> out = new ArrayList<>();
        for (ComputedEntry g : pd.stableEntries()) {
            out.add(originalOf.get(g));
        }
        return out;
    }

    /** Grand-potential formation energy of an original entry's cell (eV). */
    public double formationEnergy(ComputedEntry original) {
        ComputedEntry g = grandOf.get(original);
        if (g == null) {
            throw new IllegalArgumentException(original.label() + " is not in this grand potential diagram");
        }
        return pd.formationEnergy(g);
    }

    /** e_above_hull of an original entry in grand-potential space (eV per non-open atom). */
    public double eAboveHull(ComputedEntry original) {
        ComputedEntry g = grandOf.get(original);
        if (g == null) {
            throw new IllegalArgumentException(original.label() + " is not in this grand potential diagram");
        }
        return pd.eAboveHull(g);
    }
}
