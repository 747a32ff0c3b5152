package org.xtalflow.thermo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.io.BadInputException;

/**
 * The known phases new entries are placed against: elemental references and, optionally,
 * competing compounds — what a pymatgen user passes to {@code PhaseDiagram} besides their own
 * entries (e.g. the Materials Project entries of the chemical system). The bundled set holds the
 * MP 2023-02-07 elemental references only; a file (pymatgen JSON or CSV, see {@link EntryCsv})
 * may hold compounds too, and several sources can be combined.
 *
 * <p>Only compounds inside the chemical system being analysed take part in a hull
 * ({@link #compoundsWithin}); for each element the lowest energy per atom of the set is its
 * reference ({@link #elemental()}).
 */
public final class ReferenceSet {

    /** Name of the bundled set in configuration ({@code thermo.references}). */
    public static final String BUNDLED_NAME = "bundled";
    /**
     * Name of the Materials Project's entries of the analysed chemical system in configuration
     * ({@code thermo.references: [bundled, mp]}); a campaign resolves it through the store's cache
     * ({@code org.xtalflow.thermo.mp.MpReferenceSource}) and {@link #combine}s them with the rest.
     */
    public static final String MP_NAME = "mp";

    private final List<ComputedEntry> compounds;
    private final List<BitSet> compoundElements;
    private final ElementalReferences elemental;
    private final String source;

    private ReferenceSet(List<ComputedEntry> compounds, ElementalReferences elemental, String source) {
        this.compounds = List.copyOf(compounds);
        this.compoundElements = new ArrayList<>(compounds.size());
        for (ComputedEntry c : this.compounds) {
            compoundElements.add(mask(c.composition().elements()));
        }
        this.elemental = elemental;
        this.source = source;
    }

    /** The bundled MP 2023-02-07 elemental references, no compounds. */
    public static ReferenceSet bundled() {
        return of(ElementalReferences.bundled());
    }

    /** Elemental references only. */
    public static ReferenceSet of(ElementalReferences elemental) {
        return new ReferenceSet(List.of(), elemental, elemental.source());
    }

    /** Entries of any composition (elements and/or compounds) as a reference set. */
    public static ReferenceSet of(List<ComputedEntry> entries, String source) {
        List<ComputedEntry> elements = new ArrayList<>();
        List<ComputedEntry> compounds = new ArrayList<>();
        for (ComputedEntry e : entries) {
            (e.composition().numElements() == 1 ? elements : compounds).add(e);
        }
        return new ReferenceSet(compounds, ElementalReferences.of(elements, source), source);
    }

    /**
     * A reference file (pymatgen JSON or CSV) with elements and/or compounds. A file of compounds
     * alone is fine as one source of several ({@link #loadAll}); used alone it lacks elements.
     */
    public static ReferenceSet load(Path file) {
        List<ComputedEntry> es = EntryCsv.readAny(file);
        if (es.isEmpty()) {
            throw new BadInputException(file.toString(), 0, "no reference entries");
        }
        return of(es, file.toString());
    }

    /**
     * The sources in order as one set: each file, or {@link #BUNDLED_NAME} for the bundled set
     * (an empty list: the bundled set alone). The result must hold elemental entries.
     *
     * @throws BadInputException naming the file(s) when a file is bad or no source has an element
     */
    public static ReferenceSet loadAll(List<Path> sources) {
        if (sources.isEmpty()) {
            return bundled();
        }
        List<ReferenceSet> sets = new ArrayList<>();
        for (Path p : sources) {
            sets.add(p.toString().equals(BUNDLED_NAME) ? bundled() : load(p));
        }
        ReferenceSet all = combine(sets);
        if (all.elemental.entries().isEmpty()) {
            throw new BadInputException(
                    all.source,
                    0,
                    "no elemental entry among " + all.compounds.size()
                            + " reference entries; formation energies need one entry per element (add them, or list '"
                            + BUNDLED_NAME + "' too, e.g. references: [bundled, " + sources.get(0) + "])");
        }
        return all;
    }

    /**
     * Several sources as one set, in order: each {@link #BUNDLED_NAME} or a file. Elements take
     * the lowest energy per atom over all sources (so MP elements plus a file of compounds
     * computed with MP settings work together).
     */
    public static ReferenceSet combine(List<ReferenceSet> sets) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("no reference sources");
        }
        if (sets.size() == 1) {
            return sets.get(0);
        }
        List<ComputedEntry> elements = new ArrayList<>();
        List<ComputedEntry> compounds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ReferenceSet s : sets) {
            elements.addAll(s.elemental.entries().values());
            compounds.addAll(s.compounds);
            names.add(s.source);
        }
        String source = String.join(" + ", names);
        return new ReferenceSet(compounds, ElementalReferences.of(elements, source), source);
    }

    /** The elemental references (lowest energy per atom per element). */
    public ElementalReferences elemental() {
        return elemental;
    }

    /** Every compound of the set (two or more elements), in file order. */
    public List<ComputedEntry> compounds() {
        return compounds;
    }

    /** The compounds whose elements all lie in {@code system} (the competing phases of that system). */
    public List<ComputedEntry> compoundsWithin(Collection<Element> system) {
        BitSet sys = mask(system);
        List<ComputedEntry> out = new ArrayList<>();
        for (int i = 0; i < compounds.size(); i++) {
            BitSet c = (BitSet) compoundElements.get(i).clone();
            c.andNot(sys);
            if (c.isEmpty()) {
                out.add(compounds.get(i));
            }
        }
        return out;
    }

    /** Where the set comes from (files, or the bundled set). */
    public String source() {
        return source;
    }

    /** "MP elemental references 2023-02-07 (bundled): 89 elements, 0 compounds" style summary. */
    public String describe() {
        return source + ": " + elemental.entries().size() + " elements, " + compounds.size() + " compounds";
    }

    private static BitSet mask(Collection<Element> elements) {
        BitSet b = new BitSet(128);
        for (Element e : elements) {
            b.set(e.z());
        }
        return b;
    }
}
