package org.xtalflow.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

/**
 * Draws conditions as PGCGM does: three distinct elements uniformly from the vocabulary (unless
 * fixed) and a space group by the model's sampling probabilities (unless fixed).
 */
public final class ConditionSampler {

    private final ModelSpec spec;

    public ConditionSampler(ModelSpec spec) {
        this.spec = spec;
    }

    /**
     * @param elements fixed triple or null to draw
     * @param group fixed space group or null to draw
     */
    public List<Condition> draw(int n, List<Element> elements, SpaceGroup group, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Condition> out = new ArrayList<>(n);
        List<Element> vocab = spec.elements();
        for (int i = 0; i < n; i++) {
            List<Element> els = elements;
            if (els == null) {
                int a = rnd.nextInt(vocab.size());
                int b;
                int c;
                do {
                    b = rnd.nextInt(vocab.size());
                } while (b == a);
                do {
                    c = rnd.nextInt(vocab.size());
                } while (c == a || c == b);
                els = List.of(vocab.get(a), vocab.get(b), vocab.get(c));
            }
            SpaceGroup sg = group != null ? group : drawGroup(rnd);
            out.add(new Condition(els, sg));
        }
        return out;
    }

    private SpaceGroup drawGroup(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double[] p = spec.probabilities();
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) {
                return spec.spaceGroups().get(i);
            }
        }
        return spec.spaceGroups().get(p.length - 1);
    }
}
