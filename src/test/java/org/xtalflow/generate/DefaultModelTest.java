package org.xtalflow.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.SpaceGroup;

/** The model shipped in the build loads offline and samples Ba-Ru-O in Pnma. */
class DefaultModelTest {

    @Test
    void shippedModelSamples() throws Exception {
        try (Generator g = Generators.open("default")) {
            assertThat(g.spec().kind()).isEqualTo(ModelSpec.KIND_DJL);
            assertThat(g.spec().training().path("steps").asInt()).isPositive();
            List<Condition> conds = new ConditionSampler(g.spec())
                    .draw(8, List.of(Element.of("Ba"), Element.of("Ru"), Element.of("O")), SpaceGroup.of("Pnma"), 1);
            List<GeneratedSample> s = g.sample(conds, 1);
            assertThat(s).hasSize(8);
            for (GeneratedSample x : s) {
                assertThat(x.abc()[0]).isBetween(1.0, 21.2);
                assertThat(x.abc()[2]).isBetween(1.0, 45.3);
                assertThat(x.angles()).containsExactly(90.0, 90.0, 90.0);
            }
            assertThat(g.sample(conds, 1).get(3).frac()).isDeepEqualTo(s.get(3).frac());
        }
    }
}
