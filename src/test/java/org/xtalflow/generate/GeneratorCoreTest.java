package org.xtalflow.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

class GeneratorCoreTest {

    private static final Element BA = Element.of("Ba");
    private static final Element RU = Element.of("Ru");
    private static final Element O = Element.of("O");

    @Test
    void decodingFollowsPgcgm() {
        PgcgmTables t = PgcgmTables.get();
        Decoder d = new Decoder(t.coordScale(), t.lengthScale());
        Condition c = Condition.of(SpaceGroup.of("Fm-3m"), BA, RU, O);
        float[] coords = new float[27];
        coords[0] = -1f; // set 0, element 0, x -> 0
        coords[1] = 1f; // -> 2 cr = 1.00
        coords[2] = 0.5f; // -> 1.5 cr = 0.75
        coords[9 + 3] = -0.5f; // set 1, element 1, x -> 0.25
        float[] len = {0f, 0.5f, -1f};
        GeneratedSample s = d.decode(coords, len, List.of(c)).get(0);
        assertThat(s.frac()[0][0]).containsExactly(0.0, 1.0, 0.75);
        assertThat(s.frac()[1][1][0]).isEqualTo(0.25);
        double[] lr = t.lengthScale();
        double mean = (Math.exp(lr[0]) + Math.exp(1.5 * lr[1]) + Math.exp(0 * lr[2])) / 3;
        assertThat(s.abc()).containsExactly(new double[] {mean, mean, mean}, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.angles()).containsExactly(90.0, 90.0, 90.0);
        GeneratedSample h = d.decode(coords, len, List.of(Condition.of(SpaceGroup.of(194), BA, RU, O)))
                .get(0);
        assertThat(h.abc()[0]).isEqualTo(h.abc()[1]);
        assertThat(h.abc()[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.angles()[2]).isEqualTo(120.0);
    }

    @Test
    void spaceGroupTensorIsPaddedAffine() {
        float[] t = SpaceGroupTensor.of(SpaceGroup.of(225));
        assertThat(t).hasSize(192 * 16);
        assertThat(t[15]).isEqualTo(1f); // op 0 affine [3][3]
        assertThat(t[191 * 16 + 15]).isEqualTo(1f); // Fm-3m has exactly 192 ops
        float[] p = SpaceGroupTensor.of(SpaceGroup.of(62));
        assertThat(p[7 * 16 + 15]).isEqualTo(1f);
        assertThat(p[8 * 16 + 15]).isEqualTo(0f); // Pnma: 8 ops, then zeros
    }

    @Test
    void randomGeneratorIsSeededAndExpands() {
        RandomSymmetricGenerator g = new RandomSymmetricGenerator();
        List<Condition> conds = new ConditionSampler(g.spec()).draw(50, null, null, 3);
        List<GeneratedSample> a = g.sample(conds, 7);
        List<GeneratedSample> b = g.sample(conds, 7);
        List<GeneratedSample> c = g.sample(conds, 8);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).frac()).isDeepEqualTo(b.get(i).frac());
            assertThat(a.get(i).abc()).containsExactly(b.get(i).abc());
        }
        assertThat(a.get(0).frac()).isNotEqualTo(c.get(0).frac());
        SymmetryExpander x = new SymmetryExpander();
        SymmetryExpander.Batch batch = x.expandBatch(a, 0);
        for (int i = 0; i < a.size(); i++) {
            Structure s = x.expand(a.get(i), 0);
            assertThat(batch.atoms(i)).isEqualTo(s.size());
            assertThat(SymmetryExpander.structure(batch, i, a.get(i)).size()).isEqualTo(s.size());
            // volume estimate: packing fraction 0.5 of atomic spheres of set 0
            double spheres = 0;
            for (var site : s.sites()) {
                double r = site.species().atomicRadius();
                spheres += 4.0 / 3 * Math.PI * r * r * r;
            }
            assertThat(spheres / s.volume())
                    .isCloseTo(RandomSymmetricGenerator.PACKING, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void expansionKeepsUniquePositions() {
        SymmetryExpander x = new SymmetryExpander();
        SpaceGroup fm3m = SpaceGroup.of(225);
        GeneratedSample rocksalt = new GeneratedSample(
                Condition.of(fm3m, BA, RU, O),
                new double[][][] {
                    {{0, 0, 0}, {0.5, 0.5, 0.5}, {0.25, 0.25, 0.25}},
                    {{0, 0, 0}, {0.5, 0, 0}, {0.25, 0.25, 0.75}},
                    {{0.11, 0.23, 0.37}, {0.5, 0.5, 0.5}, {0.25, 0.25, 0.25}}
                },
                new double[] {6, 6, 6},
                new double[] {90, 90, 90});
        Structure s = x.expand(rocksalt, 0);
        assertThat(s.composition().toString()).contains("Ba4");
        assertThat(s.size()).isEqualTo(4 + 4 + 8);
        assertThat(x.expand(rocksalt, 2).size()).isEqualTo(192 + 4 + 8);
    }

    @Test
    void badConditionsAreRejectedByName() {
        assertThatThrownBy(() -> Condition.of(SpaceGroup.of(14), BA, RU, O)).hasMessageContaining("monoclinic");
        assertThatThrownBy(() -> Condition.of(SpaceGroup.of(62), BA, BA, O)).hasMessageContaining("distinct");
        assertThatThrownBy(() -> PgcgmTables.get().features(Element.of("Po"))).hasMessageContaining("Po");
    }
}
