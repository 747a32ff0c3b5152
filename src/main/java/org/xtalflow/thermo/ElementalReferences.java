package org.xtalflow.thermo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.io.BadInputException;

/**
 * One reference entry per element, for formation energies: by default the Materials Project set
 * of 2023-02-07 (the lowest energy-per-atom GGA/GGA+U entry of each of 89 elements, bundled with
 * its SOURCE.md), or a user's file of elemental entries (pymatgen JSON or CSV).
 */
public final class ElementalReferences {

    public static final String BUNDLED = "/xtalflow/thermo/mp_elemental_reference_entries_2023-02-07.json";

    private final Map<Element, ComputedEntry> byElement;
    private final String source;

    private ElementalReferences(Map<Element, ComputedEntry> byElement, String source) {
        this.byElement = Collections.unmodifiableMap(byElement);
        this.source = source;
    }

    /** The bundled MP 2023-02-07 references (read once; immutable). */
    public static ElementalReferences bundled() {
        return BundledHolder.INSTANCE;
    }

    private static final class BundledHolder {
        static final ElementalReferences INSTANCE = readBundled();
    }

    private static ElementalReferences readBundled() {
        try (InputStream in = ElementalReferences.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + BUNDLED);
            }
            List<ComputedEntry> es = EntryJson.fromTree(EntryJson.mapper().readTree(in), BUNDLED);
            return of(es, "MP elemental references 2023-02-07 (bundled)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED, e);
        }
    }

    /** A user's references: any entry file; for each element the lowest energy per atom counts. */
    public static ElementalReferences load(Path file) {
        List<ComputedEntry> es = EntryCsv.readAny(file);
        for (ComputedEntry e : es) {
            if (e.composition().numElements() != 1) {
                throw new BadInputException(
                        file.toString(),
                        0,
                        "reference entry " + e.label()
                                + " is not a pure element; a references file holds elemental entries only");
            }
        }
        if (es.isEmpty()) {
            throw new BadInputException(file.toString(), 0, "no reference entries");
        }
        return of(es, file.toString());
    }

    /** References from elemental entries (lowest corrected energy per atom per element). */
    public static ElementalReferences of(List<ComputedEntry> entries, String source) {
        Map<Element, ComputedEntry> m = new LinkedHashMap<>();
        for (ComputedEntry e : entries) {
            if (e.composition().numElements() != 1) {
                throw new IllegalArgumentException("reference entry " + e.label() + " is not a pure element");
            }
            Element el = e.composition().elements().get(0);
            ComputedEntry cur = m.get(el);
            if (cur == null || e.energyPerAtom() < cur.energyPerAtom()) {
                m.put(el, e);
            }
        }
        return new ElementalReferences(m, source);
    }

    public Map<Element, ComputedEntry> entries() {
        return byElement;
    }

    /** The reference entry of an element, or null. */
    public ComputedEntry get(Element el) {
        return byElement.get(el);
    }

    /** Where these references come from (file name or the bundled set). */
    public String source() {
        return source;
    }

    /**
     * The reference entries for the elements of these entries that have no elemental entry among
     * them (entries that bring their own elements keep them, as pymatgen's PhaseDiagram does).
     * Throws if an element has no reference at all.
     */
    public List<ComputedEntry> completing(List<ComputedEntry> entries) {
        return completing(entries, List.of());
    }

    /**
     * The reference entry of every element of the system, in its order.
     *
     * @throws IllegalArgumentException naming the elements without a reference
     */
    public List<ComputedEntry> forSystem(java.util.Collection<Element> system) {
        return completing(List.of(), system);
    }

    /** As {@link #completing(List)}, also for the elements of {@code system} that no entry has. */
    public List<ComputedEntry> completing(List<ComputedEntry> entries, java.util.Collection<Element> system) {
        Set<Element> present = new HashSet<>();
        Set<Element> needed = new java.util.LinkedHashSet<>(system);
        for (ComputedEntry e : entries) {
            needed.addAll(e.composition().elements());
            if (e.composition().numElements() == 1) {
                present.add(e.composition().elements().get(0));
            }
        }
        List<ComputedEntry> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Element el : needed) {
            if (!present.contains(el)) {
                ComputedEntry r = byElement.get(el);
                if (r == null) {
                    missing.add(el.symbol());
                } else {
                    out.add(r);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no elemental reference for " + String.join(", ", missing) + " in "
                    + source + ": add elemental entries or give a references file that has them");
        }
        return out;
    }
}
