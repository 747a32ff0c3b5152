package org.xtalflow.thermo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;
import org.xtalflow.crystal.Element;

/**
 * The chemical potentials (absolute, eV/atom) at which a stable phase is in equilibrium: the
 * polytope of μ with μ·x_phase = E_f(phase) and μ·x_i &lt;= E_f(i) for every stable phase i
 * (each element's μ at most its reference), shifted by the reference energies. Its vertices
 * are the chemical potentials of the hull facets that contain the phase.
 */
public final class StabilityRegion {

    private final PhaseDiagram pd;
    private final ComputedEntry phase;

    public StabilityRegion(PhaseDiagram pd, ComputedEntry stablePhase) {
        if (!pd.isStable(stablePhase)) {
            throw new IllegalArgumentException(stablePhase.label() + " is not on the hull: it has no stability region");
        }
        this.pd = pd;
        this.phase = stablePhase;
    }

    /** Lowest and highest μ of each element over the region (absolute eV/atom), by linear programming (ojAlgo). */
    public Map<Element, double[]> ranges() {
        Map<Element, double[]> out = new LinkedHashMap<>();
        for (Element el : pd.elements()) {
            out.put(
                    el,
                    new double[] {extreme(el, false).get(el), extreme(el, true).get(el)});
        }
        return out;
    }

    /**
     * The vertex of the region where {@code el}'s μ is highest ({@code max}) or lowest: pymatgen's
     * get_chempot_range_stability_phase reports the other elements' μ at these two vertices.
     */
    public Map<Element, Double> extreme(Element el, boolean max) {
        List<Element> els = pd.elements();
        int d = els.size();
        ExpressionsBasedModel m = new ExpressionsBasedModel();
        Variable[] mu = new Variable[d];
        for (int i = 0; i < d; i++) {
            mu[i] = m.addVariable("mu_" + els.get(i).symbol()).weight(els.get(i) == el ? 1 : 0);
        }
        for (ComputedEntry s : pd.stableEntries()) {
            double[] x = pd.fractions(s.composition());
            double ef = pd.formationEnergyPerAtom(s);
            Expression ex = m.addExpression().upper(ef);
            if (s == phase) {
                ex.lower(ef);
            }
            for (int i = 0; i < d; i++) {
                if (x[i] != 0) {
                    ex.set(mu[i], x[i]);
                }
            }
        }
        Optimisation.Result r = max ? m.maximise() : m.minimise();
        if (!r.getState().isOptimal()) {
            throw new IllegalStateException("chemical potential LP for " + phase.label() + " ended " + r.getState());
        }
        Map<Element, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < d; i++) {
            out.put(
                    els.get(i),
                    mu[i].getValue().doubleValue()
                            + pd.references().get(els.get(i)).energyPerAtom());
        }
        return out;
    }

    /**
     * The region's vertices (absolute μ per element), one per hull facet containing the phase.
     * Enumerates the phase with every d-1 other stable phases, so meant for small diagrams.
     */
    public List<Map<Element, Double>> vertices() {
        List<Element> els = pd.elements();
        int d = els.size();
        List<ComputedEntry> others = new ArrayList<>(pd.stableEntries());
        others.remove(phase);
        List<double[]> found = new ArrayList<>();
        int[] pick = new int[d - 1];
        choose(others, 0, 0, pick, d, found);
        List<Map<Element, Double>> out = new ArrayList<>();
        for (double[] v : found) {
            Map<Element, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < d; i++) {
                m.put(els.get(i), v[i] + pd.references().get(els.get(i)).energyPerAtom());
            }
            out.add(m);
        }
        return out;
    }

    private void choose(List<ComputedEntry> others, int from, int depth, int[] pick, int d, List<double[]> found) {
        if (depth == d - 1) {
            double[][] a = new double[d][d + 1];
            List<ComputedEntry> set = new ArrayList<>();
            set.add(phase);
            for (int p : pick) {
                set.add(others.get(p));
            }
            for (int r = 0; r < d; r++) {
                double[] x = pd.fractions(set.get(r).composition());
                System.arraycopy(x, 0, a[r], 0, d);
                a[r][d] = pd.formationEnergyPerAtom(set.get(r));
            }
            double[] mu = GaussJordan.solve(a, d);
            if (mu == null) {
                return;
            }
            for (ComputedEntry s : pd.stableEntries()) {
                double[] x = pd.fractions(s.composition());
                double v = 0;
                for (int i = 0; i < d; i++) {
                    v += mu[i] * x[i];
                }
                if (v > pd.formationEnergyPerAtom(s) + 1e-9) {
                    return; // some phase would be below this plane: not a facet
                }
            }
            for (double[] f : found) {
                double diff = 0;
                for (int i = 0; i < d; i++) {
                    diff = Math.max(diff, Math.abs(f[i] - mu[i]));
                }
                if (diff < 1e-8) {
                    return;
                }
            }
            found.add(mu);
            return;
        }
        for (int i = from; i < others.size(); i++) {
            pick[depth] = i;
            choose(others, i + 1, depth + 1, pick, d, found);
        }
    }
}
