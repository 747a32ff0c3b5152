package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xtalflow.crystal.Element;

/**
 * The thermodynamics stage: corrections, elemental references, phase diagram, and per entry its
 * formation energy, e_above_hull and decomposition. One call, {@link #analyze(List)}, the same
 * from the CLI, a route or a test.
 */
public final class HullAnalysis {

    /** Correction schemes. */
    public enum Correction {
        MP2020,
        NONE
    }

    private final Correction correction;
    private final ReferenceSet references;
    private final Mp2020Compatibility mp2020;

    public HullAnalysis(Correction correction, ElementalReferences references) {
        this(correction, ReferenceSet.of(references));
    }

    /** With competing compounds: those of the reference set inside the analysed system join the hull. */
    public HullAnalysis(Correction correction, ReferenceSet references) {
        this.correction = correction;
        this.references = references;
        this.mp2020 = correction == Correction.MP2020 ? new Mp2020Compatibility() : null;
    }

    public Correction correction() {
        return correction;
    }

    public ReferenceSet references() {
        return references;
    }

    /** One analysed entry: the input, the entry as used (corrected) and its hull numbers. */
    public record Row(ComputedEntry input, ComputedEntry corrected, PhaseDiagram.HullPoint hull, boolean stable) {}

    /**
     * @param rows        the accepted entries in input order
     * @param refused     entries the correction scheme refused, with reasons
     * @param referencesAdded elemental reference entries added: for elements the input had no elemental entry
     *                        for ({@link #analyze}), for every element ({@link #analyzeCandidates})
     * @param competingAdded  compounds of the reference set inside the system, as used (corrected)
     * @param referencesRefused reference compounds the correction scheme refused (left out, as
     *                        pymatgen's process_entries drops them)
     */
    public record Result(
            List<Row> rows,
            List<CompatibilityException> refused,
            List<ComputedEntry> referencesAdded,
            PhaseDiagram phaseDiagram,
            List<ComputedEntry> competingAdded,
            List<CompatibilityException> referencesRefused) {
        public HullStatistics statistics() {
            List<PhaseDiagram.HullPoint> p = new ArrayList<>();
            rows.forEach(r -> p.add(r.hull()));
            return HullStatistics.of(p);
        }
    }

    /**
     * Corrects (or checks) the entries, completes the elemental references, adds the reference
     * set's compounds of the entries' chemical system and computes the hull.
     *
     * @throws IncompatibleEntriesException when, without corrections, GGA and GGA+U entries mix
     * @throws IllegalArgumentException     when an element has no reference, or nothing is left
     */
    public Result analyze(List<ComputedEntry> entries) {
        return analyze(entries, List.of());
    }

    /**
     * As {@link #analyze(List)}, with the diagram spanning {@code system} too (e.g. a campaign's
     * Ba-Ru-O even when every entry is a Ba-O binary): its elements' references and the compounds
     * inside it join the hull.
     */
    public Result analyze(List<ComputedEntry> entries, Collection<Element> system) {
        return analyze(entries, system, false);
    }

    /**
     * As {@link #analyze(List, Collection)} for generated candidates: every element of the system
     * gets its reference entry even when a candidate is itself elemental, so an elemental candidate
     * is measured against the known ground state instead of standing in for it (it still becomes
     * the terminal where it lies lower, as in pymatgen's PhaseDiagram).
     */
    public Result analyzeCandidates(List<ComputedEntry> candidates, Collection<Element> system) {
        return analyze(candidates, system, true);
    }

    private Result analyze(List<ComputedEntry> entries, Collection<Element> system, boolean candidates) {
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
                    + correction
                    + (refused.isEmpty() ? "" : "; first: " + refused.get(0).getMessage())
                    + "). Entries without MP run parameters need --correction none (thermo.correction: none).");
        }
        Set<Element> chemsys = new LinkedHashSet<>(system);
        used.forEach(e -> chemsys.addAll(e.composition().elements()));
        List<ComputedEntry> competing = new ArrayList<>();
        List<CompatibilityException> competingRefused = new ArrayList<>();
        for (ComputedEntry c : references.compoundsWithin(chemsys)) {
            // MP downloads carry run parameters: corrected afresh, as pymatgen's process_entries does;
            // entries without a run type are taken as final (their stored correction kept)
            if (correction == Correction.MP2020 && c.runType() != null) {
                try {
                    competing.add(mp2020.process(c));
                } catch (CompatibilityException ex) {
                    competingRefused.add(ex);
                }
            } else {
                competing.add(c);
            }
        }
        List<ComputedEntry> added = new ArrayList<>();
        ElementalReferences elemental = references.elemental();
        for (ComputedEntry r : candidates ? elemental.forSystem(chemsys) : elemental.completing(used, chemsys)) {
            added.add(
                    correction == Correction.MP2020
                            ? r.withAdjustments(List.of())
                            : r); // elements get no MP2020 correction
        }
        List<ComputedEntry> all = new ArrayList<>(used);
        all.addAll(competing);
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
        return new Result(
                Collections.unmodifiableList(rows),
                refused,
                added,
                pd,
                Collections.unmodifiableList(competing),
                Collections.unmodifiableList(competingRefused));
    }

    private static boolean isSameEntry(ComputedEntry input, ComputedEntry used) {
        return input == used
                || (input.composition() == used.composition() && input.uncorrectedEnergy() == used.uncorrectedEnergy());
    }
}
