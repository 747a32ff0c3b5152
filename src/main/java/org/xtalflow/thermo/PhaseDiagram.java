package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;

/**
 * The convex hull of formation energy per atom over composition, for any number of elements,
 * as pymatgen's PhaseDiagram: elemental references (lowest corrected energy per atom of each
 * element's entries), formation energies, the stable set, e_above_hull and decompositions.
 *
 * <p>Method (exact, no sampling): the hull energy at a composition is the optimum of a small
 * linear program over the stable phases ({@link HullSimplex}). The stable set is built in one
 * pass over the lowest-energy entry of each reduced composition, in increasing formation energy:
 * an entry joins when it lies strictly below the hull of those already taken. An entry left out
 * lies on or above a hull that can only go down, so the members include every vertex; a second
 * pass keeps the members that lie strictly below the hull of all other members.
 *
 * <p>Energies in eV; per-atom values in eV/atom. Immutable after construction; queries create
 * their own solver, so one diagram may be queried from several threads.
 */
public final class PhaseDiagram {

    /** An entry is a hull vertex only if it lies this far (eV/atom) below the others' hull. */
    public static final double STABILITY_TOL = 1e-9;

    private final List<Element> elements;
    private final Map<Element, Integer> index;
    private final Map<Element, ComputedEntry> references;
    private final List<ComputedEntry> entries;
    private final List<ComputedEntry> stable;
    private final IdentityHashMap<ComputedEntry, Integer> stableIndex = new IdentityHashMap<>();
    private final double[][] cols;
    private final double[] cost;
    private final ThreadLocal<HullSimplex> solver;

    /** A diagram of these entries; every element present needs at least one elemental entry. */
    public PhaseDiagram(List<ComputedEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a phase diagram needs entries");
        }
        this.entries = List.copyOf(entries);
        List<Element> els = new ArrayList<>();
        for (ComputedEntry e : entries) {
            for (Element el : e.composition().elements()) {
                if (!els.contains(el)) {
                    els.add(el);
                }
            }
        }
        // pymatgen's order: by electronegativity (its Element sorts so), "Li-Fe-O"
        els.sort(Comparator.comparingDouble((Element el) -> Double.isNaN(el.x()) ? Double.MAX_VALUE : el.x())
                .thenComparing(Element::symbol));
        this.elements = Collections.unmodifiableList(els);
        this.index = new HashMap<>();
        for (int i = 0; i < els.size(); i++) {
            index.put(els.get(i), i);
        }
        // elemental references: lowest corrected energy per atom (first wins ties, as min() in Python)
        Map<Element, ComputedEntry> refs = new LinkedHashMap<>();
        for (ComputedEntry e : entries) {
            if (e.composition().numElements() == 1) {
                Element el = e.composition().elements().get(0);
                ComputedEntry cur = refs.get(el);
                if (cur == null || e.energyPerAtom() < cur.energyPerAtom()) {
                    refs.put(el, e);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Element el : els) {
            if (!refs.containsKey(el)) {
                missing.add(el.symbol());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no elemental reference entry for " + String.join(", ", missing)
                    + ": add an entry of the pure element (or use the bundled MP references)");
        }
        Map<Element, ComputedEntry> orderedRefs = new LinkedHashMap<>();
        for (Element el : els) {
            orderedRefs.put(el, refs.get(el));
        }
        this.references = Collections.unmodifiableMap(orderedRefs);

        // lowest-energy entry per reduced composition (pymatgen's min_entries)
        Map<String, ComputedEntry> minByComp = new LinkedHashMap<>();
        for (ComputedEntry e : entries) {
            String key = compositionKey(e.composition());
            ComputedEntry cur = minByComp.get(key);
            if (cur == null || e.energyPerAtom() < cur.energyPerAtom()) {
                minByComp.put(key, e);
            }
        }
        List<ComputedEntry> candidates = new ArrayList<>();
        for (ComputedEntry e : minByComp.values()) {
            if (e.composition().numElements() > 1) {
                candidates.add(e);
            }
        }
        Map<ComputedEntry, Double> ef = new IdentityHashMap<>();
        for (ComputedEntry e : candidates) {
            ef.put(e, formationEnergyPerAtom(e));
        }
        candidates.sort(Comparator.comparingDouble(ef::get));

        int d = els.size();
        List<double[]> colList = new ArrayList<>();
        List<Double> costList = new ArrayList<>();
        List<ComputedEntry> st = new ArrayList<>();
        for (Element el : els) {
            double[] a = new double[d];
            a[index.get(el)] = 1;
            colList.add(a);
            costList.add(0.0);
            st.add(references.get(el));
        }
        // grow the stable set; the solver is rebuilt over the current columns when they change
        GrowingColumns gc = new GrowingColumns(d, candidates.size() + d);
        for (int i = 0; i < d; i++) {
            gc.add(colList.get(i), 0.0);
        }
        for (ComputedEntry e : candidates) {
            double f = ef.get(e);
            if (f >= -STABILITY_TOL) {
                break; // the hull is <= 0 everywhere: nothing from here on can be below it
            }
            double[] x = fractions(e.composition());
            if (gc.below(x, f)) {
                gc.add(x, f);
                st.add(e);
            }
        }
        // prune: a member is a vertex iff it lies strictly below the hull of all other members
        // (the members include every true vertex, so that hull is the true hull without it)
        HullSimplex all = new HullSimplex(Arrays.copyOf(gc.cols, gc.n), Arrays.copyOf(gc.cost, gc.n), d);
        List<ComputedEntry> vertices = new ArrayList<>(st.subList(0, d));
        List<double[]> vcols = new ArrayList<>();
        List<Double> vcost = new ArrayList<>();
        for (int i = 0; i < gc.n; i++) {
            boolean keep = i < d;
            if (!keep) {
                all.solve(gc.cols[i], i);
                keep = gc.cost[i] < all.objective() - STABILITY_TOL;
                if (keep) {
                    vertices.add(st.get(i));
                }
            }
            if (keep) {
                vcols.add(gc.cols[i]);
                vcost.add(gc.cost[i]);
            }
        }
        this.stable = Collections.unmodifiableList(vertices);
        for (int i = 0; i < vertices.size(); i++) {
            stableIndex.put(vertices.get(i), i);
        }
        this.cols = vcols.toArray(new double[0][]);
        this.cost = vcost.stream().mapToDouble(Double::doubleValue).toArray();
        this.solver = ThreadLocal.withInitial(() -> new HullSimplex(cols, cost, d));
    }

    /** Columns that grow as phases join; the solver sees only the first n. */
    private static final class GrowingColumns {
        final int d;
        double[][] cols;
        double[] cost;
        int n;
        HullSimplex simplex;

        GrowingColumns(int d, int capacity) {
            this.d = d;
            this.cols = new double[capacity][];
            this.cost = new double[capacity];
        }

        void add(double[] a, double c) {
            cols[n] = a;
            cost[n] = c;
            n++;
            simplex = null;
        }

        HullSimplex previous;

        /** True when a phase of formation energy f (eV/atom) at x lies strictly below the hull. */
        boolean below(double[] x, double f) {
            if (simplex == null) {
                simplex = new HullSimplex(Arrays.copyOf(cols, n), Arrays.copyOf(cost, n), d, previous);
                previous = simplex;
            }
            // a cached feasible mix bounds the hull from above: at or above it, the entry is out
            if (f >= simplex.upperBound(x) - STABILITY_TOL) {
                return false;
            }
            simplex.solveAndRemember(x);
            return f < simplex.objective() - STABILITY_TOL;
        }
    }

    private static String compositionKey(Composition c) {
        // reduced composition as sorted fractions at 1e-8 resolution
        StringBuilder sb = new StringBuilder();
        double n = c.numAtoms();
        List<Element> els = new ArrayList<>(c.elements());
        Collections.sort(els);
        for (Element el : els) {
            sb.append(el.symbol()).append(Math.round(c.get(el) / n * 1e8)).append(' ');
        }
        return sb.toString();
    }

    /** Atomic fractions over {@link #elements()}; throws if the composition has other elements. */
    public double[] fractions(Composition c) {
        double[] x = new double[elements.size()];
        double n = c.numAtoms();
        for (Map.Entry<Element, Double> e : c.amounts().entrySet()) {
            Integer i = index.get(e.getKey());
            if (i == null) {
                throw new IllegalArgumentException(c.reducedFormula() + " contains "
                        + e.getKey().symbol() + ", which is not in the " + chemicalSystem() + " phase diagram");
            }
            x[i] = e.getValue() / n;
        }
        return x;
    }

    /** Elements by electronegativity, as pymatgen orders them. */
    public List<Element> elements() {
        return elements;
    }

    public String chemicalSystem() {
        List<String> s = new ArrayList<>();
        for (Element e : elements) {
            s.add(e.symbol());
        }
        return String.join("-", s);
    }

    /** The elemental reference entry of each element. */
    public Map<Element, ComputedEntry> references() {
        return references;
    }

    /** All entries given, in order. */
    public List<ComputedEntry> allEntries() {
        return entries;
    }

    /** The hull vertices: the elemental references first, then compounds by formation energy. */
    public List<ComputedEntry> stableEntries() {
        return stable;
    }

    public boolean isStable(ComputedEntry e) {
        return stableIndex.containsKey(e);
    }

    /** Sum of n_el x reference energy per atom for the entry's composition (eV). */
    public double referenceEnergy(Composition c) {
        double s = 0;
        for (Map.Entry<Element, Double> e : c.amounts().entrySet()) {
            ComputedEntry ref = references.get(e.getKey());
            if (ref == null) {
                throw new IllegalArgumentException(c.reducedFormula() + " contains "
                        + e.getKey().symbol() + ", which is not in the " + chemicalSystem() + " phase diagram");
            }
            s += e.getValue() * ref.energyPerAtom();
        }
        return s;
    }

    /** Formation energy of the entry's whole composition (eV), pymatgen's get_form_energy. */
    public double formationEnergy(ComputedEntry e) {
        return e.energy() - referenceEnergy(e.composition());
    }

    /** pymatgen's get_form_energy_per_atom (eV/atom). */
    public double formationEnergyPerAtom(ComputedEntry e) {
        return formationEnergy(e) / e.composition().numAtoms();
    }

    /** Formation energy per atom of the hull at this composition (eV/atom). */
    public double hullEnergyPerAtom(Composition c) {
        HullSimplex s = solver.get();
        s.solveCached(fractions(c));
        return s.objective();
    }

    /** e_above_hull (eV/atom), 0 for a hull vertex; never negative. */
    public double eAboveHull(ComputedEntry e) {
        return decompositionAndEAboveHull(e).eAboveHull();
    }

    /** The stable phases and their atomic fractions (summing to 1) at this composition, largest first. */
    public Map<ComputedEntry, Double> decomposition(Composition c) {
        HullSimplex s = solver.get();
        s.solveCached(fractions(c));
        return decompositionOf(s);
    }

    private Map<ComputedEntry, Double> decompositionOf(HullSimplex s) {
        Map<ComputedEntry, Double> out = new LinkedHashMap<>();
        int[] b = s.basis();
        double[] x = s.amounts();
        Integer[] order = new Integer[b.length];
        for (int i = 0; i < b.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(x[q], x[p])); // largest amount first
        for (int i : order) {
            if (x[i] > 1e-12) {
                out.put(stable.get(b[i]), x[i]);
            }
        }
        return out;
    }

    /** Result of one hull query. */
    public record HullPoint(
            double formationEnergyPerAtom,
            double hullEnergyPerAtom,
            double eAboveHull,
            Map<ComputedEntry, Double> decomposition) {}

    /** Formation energy, hull energy, e_above_hull and decomposition of the entry in one solve. */
    public HullPoint decompositionAndEAboveHull(ComputedEntry e) {
        double ef = formationEnergyPerAtom(e);
        if (isStable(e)) {
            return new HullPoint(ef, ef, 0.0, Map.of(e, 1.0));
        }
        HullSimplex s = solver.get();
        s.solveCached(fractions(e.composition()));
        double hull = s.objective();
        return new HullPoint(ef, hull, Math.max(0.0, ef - hull), decompositionOf(s));
    }

    /**
     * pymatgen's get_phase_separation_energy (eV/atom): the entry's formation energy minus the
     * hull made of every other stable phase of a different composition. Negative for a stable
     * phase (how far it lies below its competitors), e_above_hull for an unstable one.
     */
    public double phaseSeparationEnergy(ComputedEntry e) {
        double[] x = fractions(e.composition());
        String key = compositionKey(e.composition());
        List<double[]> c = new ArrayList<>();
        List<Double> k = new ArrayList<>();
        for (int i = 0; i < stable.size(); i++) {
            if (i < elements.size()
                    || !compositionKey(stable.get(i).composition()).equals(key)) {
                c.add(cols[i]);
                k.add(cost[i]);
            }
        }
        if (e.composition().numElements() == 1) {
            return formationEnergyPerAtom(e); // an element has no competing mix: its own reference
        }
        HullSimplex s = new HullSimplex(
                c.toArray(new double[0][]),
                k.stream().mapToDouble(Double::doubleValue).toArray(),
                elements.size());
        s.solve(x, -1);
        return formationEnergyPerAtom(e) - s.objective();
    }

    /**
     * One step of an element profile: at a critical composition, the phases present, the
     * element's chemical potential (absolute, eV/atom) on the element-richer side of it, and how
     * many atoms of the element the composition has taken up (+) or given off (-) per formula.
     */
    public record ProfileStep(double chemicalPotential, double evolution, Map<ComputedEntry, Double> decomposition) {}

    /**
     * pymatgen's get_element_profile: the phases a composition passes through as it is opened
     * to {@code element} and the element's chemical potential falls from its reference value.
     * Exact: the hull is walked along the line from the composition without the element to the
     * pure element; each linear piece's slope is the chemical potential, each kink a step.
     */
    public List<ProfileStep> elementProfile(Element element, Composition composition) {
        Integer xi = index.get(element);
        if (xi == null) {
            throw new IllegalArgumentException(
                    element.symbol() + " is not in the " + chemicalSystem() + " phase diagram");
        }
        Map<Element, Double> rest = new LinkedHashMap<>(composition.amounts());
        rest.remove(element);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(
                    "an element profile needs a composition with other elements than " + element.symbol());
        }
        double[] b0 = fractions(Composition.of(rest));
        double nRest = Composition.of(rest).numAtoms();
        double[] bx = new double[elements.size()];
        bx[xi] = 1;
        List<Double> kinks = new ArrayList<>();
        List<Double> slopes = new ArrayList<>();
        walk(b0, bx, kinks, slopes, xi);
        int d = elements.size();
        double[] b = new double[d];
        List<ProfileStep> out = new ArrayList<>();
        for (int k = kinks.size() - 1; k >= 0; k--) {
            double tk = kinks.get(k);
            pathPoint(b0, bx, tk, b);
            HullSimplex q = solver.get();
            q.solveCached(b);
            double nX = nRest * tk / (1 - tk);
            out.add(new ProfileStep(slopes.get(k), nX - composition.get(element), decompositionOf(q)));
        }
        return out;
    }

    /**
     * Walks the hull along b(t) = (1-t) f1 + t f2 (atomic fractions), t from 0 to 1: the start
     * of each linear piece goes into {@code kinks}, and, when {@code dual} >= 0, that element's
     * absolute chemical potential on the piece into {@code slopes}.
     */
    private void walk(double[] f1, double[] f2, List<Double> kinks, List<Double> slopes, int dual) {
        int d = elements.size();
        HullSimplex s = new HullSimplex(cols, cost, d);
        double[] b = new double[d];
        double t = 0;
        while (t < 1 - 1e-12) {
            pathPoint(f1, f2, Math.min(1, t + 1e-9), b);
            s.solve(b, -1);
            // the basis stays optimal while its amounts along the path stay non-negative
            int[] basis = s.basis().clone();
            double[] at0 = amountsOnPath(f1, f2, 0, basis);
            double[] at1 = amountsOnPath(f1, f2, 1, basis);
            double end = 1;
            for (int i = 0; i < d; i++) {
                double slope = at1[i] - at0[i];
                if (slope < -1e-15) {
                    double cross = -at0[i] / slope;
                    if (cross > t + 1e-12) {
                        end = Math.min(end, cross);
                    }
                }
            }
            kinks.add(t);
            if (dual >= 0) {
                slopes.add(s.duals()[dual] + references.get(elements.get(dual)).energyPerAtom());
            }
            t = end;
        }
        // a degenerate basis (a phase at zero amount along a tie line) can stop a piece early:
        // merge neighbouring pieces that hold the same phases
        List<java.util.Set<Integer>> phases = new ArrayList<>();
        for (int k = 0; k < kinks.size(); k++) {
            double hi = k + 1 < kinks.size() ? kinks.get(k + 1) : 1.0;
            pathPoint(f1, f2, (kinks.get(k) + hi) / 2, b);
            s.solve(b, -1);
            java.util.Set<Integer> present = new java.util.HashSet<>();
            for (int i = 0; i < d; i++) {
                if (s.amounts()[i] > 1e-9) {
                    present.add(s.basis()[i]);
                }
            }
            phases.add(present);
        }
        for (int k = kinks.size() - 1; k >= 1; k--) {
            if (phases.get(k).equals(phases.get(k - 1))) {
                kinks.remove(k);
                if (dual >= 0) {
                    slopes.remove(k);
                }
            }
        }
    }

    /**
     * pymatgen's get_critical_compositions: the compositions (1-x) from + x to, in the amounts
     * given, at which the phases present change along the line, both ends included.
     */
    public List<Composition> criticalCompositions(Composition from, Composition to) {
        double[] f1 = fractions(from);
        double[] f2 = fractions(to);
        List<Double> kinks = new ArrayList<>();
        walk(f1, f2, kinks, new ArrayList<>(), -1);
        kinks.add(1.0);
        double n1 = from.numAtoms();
        double n2 = to.numAtoms();
        List<Composition> out = new ArrayList<>();
        for (double t : kinks) {
            double x = t * n1 / (n2 * (1 - t) + t * n1); // fraction-space t to amount-space x
            Map<Element, Double> m = new LinkedHashMap<>();
            for (Element el : elements) {
                double v = (1 - x) * from.get(el) + x * to.get(el);
                if (v > 1e-12) {
                    m.put(el, v);
                }
            }
            out.add(Composition.of(m));
        }
        return out;
    }

    private static void pathPoint(double[] f1, double[] f2, double t, double[] out) {
        for (int i = 0; i < f1.length; i++) {
            out[i] = (1 - t) * f1[i] + t * f2[i];
        }
    }

    /** Amounts of a fixed basis at path parameter t (linear in t). */
    private double[] amountsOnPath(double[] f1, double[] f2, double t, int[] basis) {
        int d = f1.length;
        double[] b = new double[d];
        pathPoint(f1, f2, t, b);
        double[][] m = new double[d][d + 1];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                m[r][c] = cols[basis[c]][r];
            }
            m[r][d] = b[r];
        }
        double[] x = GaussJordan.solve(m, d);
        if (x == null) {
            throw new IllegalStateException("singular hull basis on the reaction path");
        }
        return x;
    }

    /**
     * Chemical potentials (eV/atom, relative to the references) of the hull facet under this
     * composition: the duals of the hull LP.
     */
    public Map<Element, Double> facetChemicalPotentials(Composition c) {
        HullSimplex s = solver.get();
        s.solve(fractions(c), -1);
        Map<Element, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            out.put(elements.get(i), s.duals()[i]);
        }
        return out;
    }

    /**
     * pymatgen's str(PhaseDiagram): system, count, and the stable phases in pymatgen's order
     * (sorted by their string form, i.e. by formula of the cell, then energy).
     */
    @Override
    public String toString() {
        return summary(ComputedEntry::name);
    }

    /** {@link #toString()} with each stable phase named by {@code naming}. */
    public String summary(java.util.function.Function<ComputedEntry, String> naming) {
        List<ComputedEntry> sorted = new ArrayList<>(stable);
        sorted.sort(Comparator.comparing((ComputedEntry e) -> e.composition().formula() + " with energy = "
                + String.format(java.util.Locale.ROOT, "%.4f", e.energy())));
        List<String> names = new ArrayList<>();
        for (ComputedEntry e : sorted) {
            names.add(naming.apply(e));
        }
        return chemicalSystem() + " phase diagram\n" + stable.size() + " stable phases: \n" + String.join(", ", names);
    }
}
