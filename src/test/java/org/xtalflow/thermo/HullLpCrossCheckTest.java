package org.xtalflow.thermo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.testing.SharedData;

/**
 * The hull simplex against an independent LP solver (ojAlgo) on the same problem: minimise the
 * formation energy of a mix of the Li-Fe-O entries at random compositions. ojAlgo sees every
 * entry (not only the stable ones), so this also checks that the stable set misses nothing.
 */
class HullLpCrossCheckTest {

    @Test
    void hullEnergyEqualsOjAlgoOptimum() {
        List<ComputedEntry> entries = EntryCsv.read(SharedData.path("mp_reference", "pd_entries_test_Li-Fe-O.csv"));
        PhaseDiagram pd = new PhaseDiagram(entries);
        int d = pd.elements().size();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t = 0; t < 40; t++) {
            double[] b = new double[d];
            double sum = 0;
            for (int k = 0; k < d; k++) {
                b[k] = rnd.nextDouble() < 0.2 ? 0 : rnd.nextDouble();
                sum += b[k];
            }
            if (sum == 0) {
                continue;
            }
            Map<Element, Double> m = new LinkedHashMap<>();
            for (int k = 0; k < d; k++) {
                b[k] /= sum;
                m.put(pd.elements().get(k), b[k]);
            }
            ExpressionsBasedModel model = new ExpressionsBasedModel();
            Expression[] rows = new Expression[d];
            for (int k = 0; k < d; k++) {
                rows[k] = model.addExpression("x" + k).level(b[k]);
            }
            for (int j = 0; j < entries.size(); j++) {
                ComputedEntry e = entries.get(j);
                Variable v = model.addVariable("l" + j).lower(0).weight(pd.formationEnergyPerAtom(e));
                double[] a = pd.fractions(e.composition());
                for (int k = 0; k < d; k++) {
                    if (a[k] != 0) {
                        rows[k].set(v, a[k]);
                    }
                }
            }
            Optimisation.Result r = model.minimise();
            assertThat(r.getState().isOptimal())
                    .as("ojAlgo state %s", r.getState())
                    .isTrue();
            double ours = pd.hullEnergyPerAtom(Composition.of(m));
            assertThat(ours).as("composition %s", m).isCloseTo(r.getValue(), within(1e-7));
            double mixed = 0;
            for (Map.Entry<ComputedEntry, Double> e :
                    pd.decomposition(Composition.of(m)).entrySet()) {
                mixed += e.getValue() * pd.formationEnergyPerAtom(e.getKey());
            }
            assertThat(mixed).isCloseTo(ours, within(1e-12));
        }
    }
}
