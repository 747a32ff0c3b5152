package org.xtalflow.dft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Structure;
import org.xtalflow.gpaw.GpawReferences;

/**
 * What a chemical system's same-engine hull is computed from: each element's ground state (a
 * diatomic molecule for H, N, O, F, Cl; else {@link ElementalGroundStates}) and the known phases of
 * the system (the bundled Materials Project ground states whose elements lie within it) of at most
 * {@code maxSites} sites; the larger ones are left out, and listed, so a report can say how far the
 * hull can be trusted.
 *
 * @param phases   the structures to compute, elements first
 * @param leftOut  known phases too large ("mp-1960 Li2O (12 sites)")
 * @param missing  elements without a ground-state structure here (their systems get no hull)
 */
public record ReferencePhases(List<Phase> phases, List<String> leftOut, List<String> missing) {

    /**
     * One reference to compute.
     *
     * @param id        "el-Li", "mol-O2" or the Materials Project id
     * @param formula   reduced formula
     * @param molecule  a diatomic molecule in a box (computed at Γ, spin-polarised)
     */
    public record Phase(String id, String formula, Structure structure, boolean molecule) {}

    public ReferencePhases {
        phases = List.copyOf(phases);
        leftOut = List.copyOf(leftOut);
        missing = List.copyOf(missing);
    }

    /** Every element of the system has its ground state among the phases. */
    public boolean complete() {
        return missing.isEmpty();
    }

    /**
     * @param knownPhases walks the known structures (id, structure), e.g. the bundled MP ground
     *                    states through {@code screen.KnownStructures#forEachStructure}
     * @param moleculeBoxA edge of a molecule's box, Å
     */
    public static ReferencePhases of(
            Set<Element> system,
            int maxSites,
            Consumer<BiConsumer<String, Structure>> knownPhases,
            double moleculeBoxA) {
        List<Phase> phases = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        TreeSet<Element> sorted = new TreeSet<>(Comparator.comparing(Element::symbol));
        sorted.addAll(system);
        for (Element e : sorted) {
            if (GpawReferences.isDiatomicGas(e)) {
                phases.add(new Phase(
                        "mol-" + e.symbol() + "2",
                        e.symbol() + "2",
                        GpawReferences.moleculeInBox(e, moleculeBoxA),
                        true));
            } else {
                ElementalGroundStates.solid(e)
                        .ifPresentOrElse(
                                s -> phases.add(new Phase("el-" + e.symbol(), e.symbol(), s, false)),
                                () -> missing.add(e.symbol()));
            }
        }
        List<Phase> known = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        knownPhases.accept((id, s) -> {
            Set<Element> els = new java.util.HashSet<>(s.composition().elements());
            if (els.size() < 2 || !system.containsAll(els)) {
                return;
            }
            String formula = s.composition().reducedFormula();
            if (s.size() <= maxSites) {
                known.add(new Phase(id, formula, s, false));
            } else {
                leftOut.add(id + " " + formula + " (" + s.size() + " sites)");
            }
        });
        known.sort(Comparator.comparing(Phase::id));
        phases.addAll(known);
        leftOut.sort(Comparator.naturalOrder());
        return new ReferencePhases(phases, leftOut, missing);
    }
}
