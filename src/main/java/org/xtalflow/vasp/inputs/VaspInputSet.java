package org.xtalflow.vasp.inputs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

/**
 * Turns a structure into MP-compatible VASP inputs by pymatgen's {@code VaspInputSet} rules (the
 * rules are listed in src/main/resources/xtalflow/vasp/SOURCE.md):
 * <ul>
 *   <li>sites sorted by electronegativity (then species string; stable), and every per-species
 *       list in that order;</li>
 *   <li>EDIFF = EDIFF_PER_ATOM × sites unless EDIFF is set;</li>
 *   <li>MAGMOM per site: site moment, species spin, set value for the species string (Mn3+), for
 *       the element, else 0.6;</li>
 *   <li>GGA+U only when the most electronegative element has a U table (O, F); LDAU* dropped when
 *       all U are 0;</li>
 *   <li>LMAXMIX 6 with an element of Z &gt; 56, else 4 with Z &gt; 20 (unless set);</li>
 *   <li>KPOINTS by reciprocal density; ISMEAR -5 becomes 0 when the mesh has fewer than 4 points.</li>
 * </ul>
 * One method: {@link #inputs(Structure, SpaceGroup, SiteDecorations)}.
 */
public final class VaspInputSet {

    /**
     * Most sites a job is prepared for. Plane-wave DFT cost grows with the cube of the number of
     * atoms: the largest VASP runs reported hold a few thousand atoms, and beyond this the inputs
     * stop making sense (EDIFF = EDIFF_PER_ATOM × sites is 0.25 eV with MPRelaxSet).
     */
    public static final int MAX_SITES = 5000;

    private final InputSetConfig config;
    private final boolean sortStructure;

    public VaspInputSet(InputSetConfig config) {
        this(config, true);
    }

    /** @param sortStructure false keeps the given site order (pymatgen's sort_structure=False) */
    public VaspInputSet(InputSetConfig config, boolean sortStructure) {
        this.config = config;
        this.sortStructure = sortStructure;
    }

    /** A bundled set ("relax" = MPRelaxSet, "static" = MPStaticSet). */
    public static VaspInputSet bundled(String name) {
        return new VaspInputSet(InputSetConfig.bundled(name));
    }

    public InputSetConfig config() {
        return config;
    }

    public VaspInput inputs(Structure structure) {
        return inputs(structure, null, SiteDecorations.none());
    }

    /**
     * @param spaceGroup the structure's space group when known (from the CIF or the generator);
     *                   face-centred groups get a Gamma-centred mesh (newer pymatgen); may be null
     * @param decorations oxidation-state species strings, site moments, spins; may be none()
     * @throws VaspInputException for an empty structure or an element without a POTCAR choice
     */
    public VaspInput inputs(Structure structure, SpaceGroup spaceGroup, SiteDecorations decorations) {
        if (structure == null || structure.size() == 0) {
            throw new VaspInputException("empty structure: no sites to write a POSCAR for");
        }
        if (structure.size() > MAX_SITES) {
            throw new VaspInputException(structure.size() + " sites ("
                    + structure.composition().reducedFormula()
                    + "): more than the " + MAX_SITES + " a VASP job is prepared for (DFT cost grows as the cube of"
                    + " the number of atoms; reduce the cell to its primitive form or split the problem)");
        }
        SiteDecorations deco = decorations == null ? SiteDecorations.none() : decorations;
        deco.checkSize(structure.size());
        for (Site s : structure.sites()) {
            if (s.occupancy() < 1 - 1e-6) {
                throw new VaspInputException("disordered site " + s.label() + " (" + s.species() + ", occupancy "
                        + s.occupancy() + "): VASP needs an ordered structure");
            }
        }
        // sort by electronegativity, then species string; List.sort is stable like Python's sorted
        Integer[] idx = new Integer[structure.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        List<Integer> order = new ArrayList<>(List.of(idx));
        if (sortStructure) {
            order.sort(Comparator.<Integer>comparingDouble(i -> sortX(structure.species(i)))
                    .thenComparing(
                            i -> deco.speciesString(i, structure.species(i).symbol())));
        }
        int[] ord = order.stream().mapToInt(Integer::intValue).toArray();
        List<Site> sorted = new ArrayList<>(ord.length);
        for (int i : ord) {
            sorted.add(structure.site(i));
        }
        Structure s = new Structure(structure.lattice(), sorted);
        SiteDecorations d = deco.reorder(ord);

        List<String> siteSymbols = new ArrayList<>();
        for (Site site : sorted) {
            String sym = site.species().symbol();
            if (siteSymbols.isEmpty()
                    || !siteSymbols.get(siteSymbols.size() - 1).equals(sym)) {
                siteSymbols.add(sym);
            }
        }
        List<String> potcar = new ArrayList<>();
        for (String sym : siteSymbols) {
            String p = config.potcarSymbols().get(sym);
            if (p == null) {
                throw new VaspInputException("element " + sym + " has no POTCAR choice in input set " + config.name()
                        + ": add it under POTCAR (e.g. POTCAR: {" + sym + ": " + sym
                        + "}) in the set or its overrides");
            }
            potcar.add(p);
        }

        boolean faceCentred = spaceGroup != null && spaceGroup.symbol().startsWith("F");
        Kpoints kpoints = Kpoints.automaticDensityByVolume(s, config.reciprocalDensity(), false, faceCentred);
        Incar incar = incar(s, d, siteSymbols, kpoints);
        return new VaspInput(config.name(), s, incar, kpoints, siteSymbols, potcar, config.potcarFunctional());
    }

    private static double sortX(Element e) {
        return Double.isNaN(e.x()) ? Double.MAX_VALUE : e.x();
    }

    private Incar incar(Structure s, SiteDecorations d, List<String> siteSymbols, Kpoints kpoints) {
        Map<String, Object> settings = config.incarSettings();
        Incar incar = new Incar();
        // the most electronegative element (pymatgen: last of a stable sort by X over the composition)
        List<Element> els = s.composition().elements();
        els.sort(Comparator.comparingDouble(VaspInputSet::sortX));
        String mostElectronegative = els.get(els.size() - 1).symbol();
        boolean hubbard = Boolean.TRUE.equals(settings.get("LDAU"));

        for (Map.Entry<String, Object> e : settings.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (v == null) {
                continue; // a user override removed it
            }
            switch (k) {
                case "MAGMOM" -> incar.put(k, magmoms(s, d, v));
                case "LDAUU", "LDAUJ", "LDAUL" -> {
                    if (hubbard) {
                        incar.put(k, hubbardList(k, v, mostElectronegative, siteSymbols));
                    }
                }
                case "EDIFF_PER_ATOM" -> {
                    if (!settings.containsKey("EDIFF") || settings.get("EDIFF") == null) {
                        incar.put("EDIFF", number(k, v) * s.size());
                    }
                }
                case "EDIFF" -> incar.put("EDIFF", number(k, v));
                default -> incar.put(k, v);
            }
        }
        double uSum = 0;
        for (double u : incar.getList("LDAUU")) {
            uSum += u;
        }
        if (!(hubbard && uSum > 0)) {
            for (String tag : new ArrayList<>(incar.tags().keySet())) {
                if (tag.startsWith("LDAU")) {
                    incar.remove(tag);
                }
            }
        }
        if (settings.get("LMAXMIX") == null) { // absent, or removed by the user: the automatic rule applies
            int maxZ = 0;
            for (Element el : els) {
                maxZ = Math.max(maxZ, el.z());
            }
            if (maxZ > 56) {
                incar.put("LMAXMIX", 6);
            } else if (maxZ > 20) {
                incar.put("LMAXMIX", 4);
            }
        }
        // derived sets (static): forced tags, except those the user set explicitly
        for (Map.Entry<String, Object> u : config.incarUpdates().entrySet()) {
            incar.put(u.getKey(), u.getValue());
        }
        // tetrahedron smearing needs at least 4 k-points (applied after the updates, see README)
        if (kpoints.totalPoints() < 4 && incar.get("ISMEAR") instanceof Number n && n.intValue() == -5) {
            incar.put("ISMEAR", 0);
        }
        return incar;
    }

    private static double number(String tag, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new VaspInputException(tag + " must be a number, got '" + v + "'");
        }
    }

    private List<Object> magmoms(Structure s, SiteDecorations d, Object setting) {
        if (!(setting instanceof Map<?, ?> table)) {
            throw new VaspInputException("MAGMOM in input set " + config.name()
                    + " must map species to moments (e.g. {Fe: 5, Mn3+: 4}), got " + setting);
        }
        List<Object> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            String el = s.species(i).symbol();
            String sp = d.speciesString(i, el);
            Object m;
            if (d.magmom(i) != null) {
                m = d.magmom(i);
            } else if (d.spin(i) != null) {
                m = d.spin(i);
            } else if (table.containsKey(sp)) {
                m = table.get(sp);
            } else if (table.containsKey(el)) {
                m = table.get(el);
            } else {
                m = 0.6;
            }
            out.add(m instanceof Number n ? n : number("MAGMOM of " + sp, m));
        }
        return out;
    }

    private List<Object> hubbardList(String tag, Object setting, String mostElectronegative, List<String> siteSymbols) {
        if (!(setting instanceof Map<?, ?> table)) {
            throw new VaspInputException(tag + " in input set " + config.name()
                    + " must be a table (anion -> element -> value, or element -> value), got " + setting);
        }
        List<Object> out = new ArrayList<>(siteSymbols.size());
        if (table.get(mostElectronegative) instanceof Map<?, ?> byMetal) {
            for (String sym : siteSymbols) {
                Object v = byMetal.get(sym);
                out.add(v == null ? 0 : v instanceof Number n ? n : number(tag + " of " + sym, v));
            }
        } else {
            for (String sym : siteSymbols) {
                Object v = table.get(sym);
                out.add(v instanceof Number n ? n : 0);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "VaspInputSet(%s, rho=%d, %s)",
                config.name(),
                config.reciprocalDensity(),
                config.potcarFunctional());
    }
}
