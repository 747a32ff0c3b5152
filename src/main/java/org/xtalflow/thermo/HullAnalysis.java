package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thermodynamics stage: corrections, elemental references, phase diagram, and per entry its
 * formation energy, e_above_hull and decomposition. One call, {@link #analyze(List)}, the same
 * from the CLI, a route or a test.
 */
public final class HullAnalysis {

    /** Correction schemes. */
    public enum Correction { MP2020, NONE }

    private final Correction correction;
    private final ElementalReferences references;
    private final Mp2020Compatibility mp2020;

    public HullAnalysis(Correction correction, ElementalReferences references) {
        this.correction = correction;
        this.references = references;
        this.mp2020 = correction == Correction.MP2020 ? new Mp2020Compatibility() : null;
    }

    /** One analysed entry: the input, the entry as used (corrected) and its hull numbers. */
    public record Row(ComputedEntry input, ComputedEntry corrected, PhaseDiagram.HullPoint hull, boolean stable) {}

    /**
     * @param rows        the accepted entries in input order
     * @param refused     entries the correction scheme refused, with reasons
     * @param referencesAdded reference entries added for elements the input had no elemental entry for
     */
    public record Result(List<Row> rows, List<CompatibilityException> refused, List<ComputedEntry> referencesAdded,
                         PhaseDiagram phaseDiagram) {
        public HullStatistics statistics() {
            List<PhaseDiagram.HullPoint> p = new ArrayList<>();
            rows.forEach(r -> p.add(r.hull()));
            return HullStatistics.of(p);
        }
    }

    /**
     * Corrects (or checks) the entries, completes the elemental references and computes the hull.
     *
     * @throws IncompatibleEntriesException when, without corrections, GGA and GGA+U entries mix
     * @throws IllegalArgumentException     when an element has no reference, or nothing is left
     */
    public Result analyze(List<ComputedEntry> entries) {
        List<ComputedEntry> used;
        List<CompatibilityException> refused;
        if (correction == Correction.MP2020) {
            Mp2020Compatibility.Processed p = mp2020.processAll(entries);
            used = p.accepted();
            refused = p.refused();
        } else {
            Mp2020Compatibility.requireSingleRunType(entries);
            used = entries;
            refused = List.of();
        }
        if (used.isEmpty()) {
            throw new IllegalArgumentException("no entries left to analyse (" + refused.size() + " refused by "
                    + correction + (refused.isEmpty() ? "" : "; first: " + refused.get(0).getMessage())
                    + "). Entries without MP run parameters need --correction none (thermo.correction: none).");
        }
        List<ComputedEntry> added = references.completing(used);
        if (correction == Correction.MP2020) {
            List<ComputedEntry> corrected = new ArrayList<>();
            for (ComputedEntry r : added) {
                corrected.add(r.withAdjustments(List.of())); // elements get no MP2020 correction
            }
            added = corrected;
        }
        List<ComputedEntry> all = new ArrayList<>(used);
        all.addAll(added);
        if (correction == Correction.NONE) {
            Mp2020Compatibility.requireSingleRunType(all); // the added references are GGA runs too
        }
        PhaseDiagram pd = new PhaseDiagram(all);
        Map<ComputedEntry, ComputedEntry> inputOf = new IdentityHashMap<>();
        int k = 0;
        for (ComputedEntry e : entries) {
            if (k < used.size() && isSameEntry(e, used.get(k))) {
                inputOf.put(used.get(k), e);
                k++;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (ComputedEntry e : used) {
            rows.add(new Row(inputOf.getOrDefault(e, e), e, pd.decompositionAndEAboveHull(e), pd.isStable(e)));
        }
        return new Result(Collections.unmodifiableList(rows), refused, added, pd);
    }

    private static boolean isSameEntry(ComputedEntry input, ComputedEntry used) {
        return input == used || (input.composition() == used.composition() && input.uncorrectedEnergy() == used.uncorrectedEnergy());
    }
}
