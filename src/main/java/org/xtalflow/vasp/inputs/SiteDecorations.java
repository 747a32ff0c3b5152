package org.xtalflow.vasp.inputs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Optional per-site facts that pymatgen keeps on a site and the INCAR rules read: the species string
 * with oxidation state (e.g. "Mn3+", used for the MAGMOM look-up and the site sort), a site magnetic
 * moment (μB) and a species spin (μB). Entries may be null; lists are aligned with the structure's sites.
 */
public record SiteDecorations(List<String> species, List<Double> magmoms, List<Double> spins) {

    public SiteDecorations {
        species = nullable(species);
        magmoms = nullable(magmoms);
        spins = nullable(spins);
    }

    private static <T> List<T> nullable(List<T> l) {
        return l == null ? null : Collections.unmodifiableList(new ArrayList<>(l));
    }

    /** No decorations for n sites. */
    public static SiteDecorations none() {
        return new SiteDecorations(null, null, null);
    }

    String speciesString(int i, String elementSymbol) {
        return species == null || species.get(i) == null ? elementSymbol : species.get(i);
    }

    Double magmom(int i) {
        return magmoms == null ? null : magmoms.get(i);
    }

    Double spin(int i) {
        return spins == null ? null : spins.get(i);
    }

    void checkSize(int n) {
        for (List<?> l : new List<?>[] {species, magmoms, spins}) {
            if (l != null && l.size() != n) {
                throw new VaspInputException("site decorations list has " + l.size() + " entries for " + n + " sites");
            }
        }
    }

    /** The decorations re-ordered as order[k] = old index of new site k. */
    SiteDecorations reorder(int[] order) {
        return new SiteDecorations(pick(species, order), pick(magmoms, order), pick(spins, order));
    }

    private static <T> List<T> pick(List<T> l, int[] order) {
        if (l == null) {
            return null;
        }
        List<T> out = new ArrayList<>(order.length);
        for (int i : order) {
            out.add(l.get(i));
        }
        return out;
    }
}
