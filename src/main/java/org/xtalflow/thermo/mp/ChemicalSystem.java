package org.xtalflow.thermo.mp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.xtalflow.crystal.Element;

/**
 * A chemical system as the Materials Project names it: distinct element symbols sorted
 * alphabetically and joined by '-' ("Ba-O-Ru"), as pymatgen's {@code Composition.chemical_system}.
 *
 * @param elements the distinct elements, sorted by symbol
 */
public record ChemicalSystem(List<Element> elements) {

    /** MP's client refuses more than 9 elements: 511 subsystems is the longest query URL it sends. */
    public static final int MAX_ELEMENTS = 9;

    public ChemicalSystem {
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("a chemical system needs at least one element");
        }
        TreeSet<String> sorted = new TreeSet<>();
        elements.forEach(e -> sorted.add(e.symbol()));
        List<Element> out = new ArrayList<>();
        sorted.forEach(s -> out.add(Element.of(s)));
        elements = List.copyOf(out);
    }

    /**
     * "Ba-Ru-O", "O-Ba-Ru" or "Ba,Ru,O": element symbols in any order, '-' or ',' between them.
     *
     * @throws UnknownChemicalSystemException naming the symbol that is not an element
     */
    public static ChemicalSystem parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UnknownChemicalSystemException(
                    "empty chemical system (expected element symbols joined by '-', e.g. Ba-Ru-O)");
        }
        List<Element> els = new ArrayList<>();
        for (String s : text.trim().split("[-,\\s]+")) {
            if (s.isEmpty()) {
                continue;
            }
            Element e = Element.bySymbolOrNull(s);
            if (e == null) {
                throw new UnknownChemicalSystemException("chemical system '" + text + "': '" + s
                        + "' is not an element symbol (symbols are case-sensitive: Fe, not FE)");
            }
            els.add(e);
        }
        if (els.isEmpty()) {
            throw new UnknownChemicalSystemException("chemical system '" + text + "' names no element");
        }
        return new ChemicalSystem(els);
    }

    public static ChemicalSystem of(Collection<Element> elements) {
        return new ChemicalSystem(List.copyOf(elements));
    }

    /**
     * Every non-empty subsystem, this one included, each named as MP names it: for Fe-Li-O the
     * seven Fe, Li, O, Fe-Li, Fe-O, Li-O, Fe-Li-O (fewest elements first).
     */
    public List<ChemicalSystem> subsystems() {
        int n = elements.size();
        List<ChemicalSystem> out = new ArrayList<>();
        for (int size = 1; size <= n; size++) {
            for (int mask = 1; mask < (1 << n); mask++) {
                if (Integer.bitCount(mask) != size) {
                    continue;
                }
                List<Element> sub = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & (1 << i)) != 0) {
                        sub.add(elements.get(i));
                    }
                }
                out.add(new ChemicalSystem(sub));
            }
        }
        return out;
    }

    public int size() {
        return elements.size();
    }

    /** "Ba-O-Ru". */
    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        elements.forEach(e -> s.add(e.symbol()));
        return String.join("-", s);
    }
}
