package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;

/**
 * pymatgen's CompoundPhaseDiagram: the hull along a section between terminal compositions (e.g.
 * Li2O-Fe2O3). Each entry that is a non-negative combination of the terminals is re-expressed
 * in terminal formula units (Li5FeO4 = 2.5 Li2O + 0.5 Fe2O3) with its energy unchanged;
 * formation energies (eV per entry) are against the lowest energy per unit of each terminal.
 *
 * <p>Internally the terminals stand in for elements of a {@link PhaseDiagram}: the i-th
 * terminal is keyed by the element of atomic number i + 1. Those keys never leave this class;
 * names come from {@link #terminals()} ("Xf", "Xg", ... as pymatgen labels them).
 */
public final class CompoundPhaseDiagram {

    private static final double AMOUNT_TOL = 1e-5;

    private final List<Composition> terminals;
    private final PhaseDiagram pd;
    private final Map<ComputedEntry, ComputedEntry> originalOf = new IdentityHashMap<>();
    private final Map<ComputedEntry, ComputedEntry> transformedOf = new IdentityHashMap<>();

    public CompoundPhaseDiagram(List<ComputedEntry> entries, List<Composition> terminals) {
        if (terminals.size() < 2) {
            throw new IllegalArgumentException("a compound phase diagram needs at least two terminal compositions");
        }
        this.terminals = List.copyOf(terminals);
        List<Element> els = new ArrayList<>();
        for (Composition t : terminals) {
            for (Element el : t.elements()) {
                if (!els.contains(el)) {
                    els.add(el);
                }
            }
        }
        int m = els.size();
        int k = terminals.size();
        double[][] a = new double[m][k]; // element counts of each terminal (columns)
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) {
                a[i][j] = terminals.get(j).get(els.get(i));
            }
        }
        List<ComputedEntry> transformed = new ArrayList<>();
        for (ComputedEntry e : entries) {
            if (!els.containsAll(e.composition().elements())) {
                continue;
            }
            double[] b = new double[m];
            for (int i = 0; i < m; i++) {
                b[i] = e.composition().get(els.get(i));
            }
            double[] x = leastSquares(a, b);
            if (x == null) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < m && ok; i++) { // the combination must reproduce every element
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += a[i][j] * x[j];
                }
                ok = Math.abs(s - b[i]) < AMOUNT_TOL;
            }
            for (int j = 0; j < k && ok; j++) {
                ok = x[j] >= -AMOUNT_TOL;
            }
            if (!ok) {
                continue;
            }
            Map<Element, Double> comp = new LinkedHashMap<>();
            for (int j = 0; j < k; j++) {
                if (x[j] > AMOUNT_TOL) {
                    comp.put(Element.ofZ(j + 1), x[j]);
                }
            }
            ComputedEntry t = ComputedEntry.builder(Composition.of(comp), e.energy())
                    .entryId(e.entryId())
                    .build();
            transformed.add(t);
            originalOf.put(t, e);
            transformedOf.put(e, t);
        }
        this.pd = new PhaseDiagram(transformed);
    }

    /** Solves the normal equations (k is small); null if the terminals are linearly dependent. */
    private static double[] leastSquares(double[][] a, double[] b) {
        int m = a.length;
        int k = a[0].length;
        double[][] n = new double[k][k + 1];
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += a[i][p] * a[i][q];
                }
                n[p][q] = s;
            }
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += a[i][p] * b[i];
            }
            n[p][k] = s;
        }
        return GaussJordan.solve(n, k);
    }

    public List<Composition> terminals() {
        return terminals;
    }

    /** pymatgen's labels of the terminals: "Xf", "Xg", ... */
    public String terminalLabel(int i) {
        return "X" + (char) ('f' + i);
    }

    public PhaseDiagram phaseDiagram() {
        return pd;
    }

    /** The original entries on the section's hull. */
    public List<ComputedEntry> stableEntries() {
        List<ComputedEntry> out = new ArrayList<>();
        for (ComputedEntry t : pd.stableEntries()) {
            out.add(originalOf.get(t));
        }
        return out;
    }

    /** Formation energy of an original entry's cell from the terminals (eV). */
    public double formationEnergy(ComputedEntry original) {
        ComputedEntry t = transformedOf.get(original);
        if (t == null) {
            throw new IllegalArgumentException(original.label() + " does not lie on this section");
        }
        return pd.formationEnergy(t);
    }
}
