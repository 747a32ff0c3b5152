package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.screen.bench.RandomCandidates;

class ScreeningPipelineTest {

    @Test
    void generatorLikeCandidatesFlowThroughEveryStageAndTheCountsAddUp() {
        ScreeningConfig cfg = ScreeningConfig.defaults();
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            RandomCandidates src = new RandomCandidates(7);
            RandomCandidates.Flat f = new RandomCandidates.Flat();
            int passed = 0;
            for (int i = 0; i < 2000; i++) {
                src.next(f);
                Verdict v = p.screen(
                        "c" + i,
                        new Cell(f.lattice, Arrays.copyOf(f.species, f.n), Arrays.copyOf(f.frac, 3 * f.n), f.n),
                        f.spaceGroup);
                if (v.passed()) {
                    passed++;
                    assertThat(v.structure().size()).isBetween(1, 32);
                    assertThat(v.filter()).isNull();
                } else {
                    assertThat(v.reason()).startsWith(v.filter() + ".");
                    assertThat(v.structure()).isNull(); // rejects are not kept unless asked
                }
            }
            Funnel fu = p.funnel();
            assertThat(fu.getReceived()).isEqualTo(2000);
            assertThat(fu.getPassed()).isEqualTo(passed).isPositive();
            assertThat(fu.getPassed() + fu.getRejected() + fu.getErrors()).isEqualTo(2000);
            assertThat(fu.getRejectedByStage().get("size")).isPositive();
            assertThat(fu.getRejectedByStage().get("distance")).isPositive();
            long in = 2000;
            for (Funnel.Stage st : fu.stages()) {
                assertThat(st.in()).isEqualTo(in);
                assertThat(st.reasons().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                        .isEqualTo(st.rejected());
                in = st.passed();
            }
            assertThat(fu.toJson()).contains("\"received\" : 2000");
        }
    }

    @Test
    void theSameCandidateTwiceIsADuplicateAndAnElementWithoutRadiusIsAnError() {
        ScreeningConfig cfg = ScreeningConfig.defaults();
        cfg.keepRejected = true;
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            // BaPo rock salt: not among the known ground states
            Structure s = new Structure(
                    Lattice.cubic(7.4),
                    List.of(
                            new Site(Element.of("Ba"), new double[] {0, 0, 0}, 1, null),
                            new Site(Element.of("Ba"), new double[] {0.5, 0.5, 0}, 1, null),
                            new Site(Element.of("Ba"), new double[] {0.5, 0, 0.5}, 1, null),
                            new Site(Element.of("Ba"), new double[] {0, 0.5, 0.5}, 1, null),
                            new Site(Element.of("Po"), new double[] {0.5, 0.5, 0.5}, 1, null),
                            new Site(Element.of("Po"), new double[] {0, 0, 0.5}, 1, null),
                            new Site(Element.of("Po"), new double[] {0, 0.5, 0}, 1, null),
                            new Site(Element.of("Po"), new double[] {0.5, 0, 0}, 1, null)));
            SpaceGroup fm3m = SpaceGroup.of(225);
            Verdict first = p.screen(new Candidate("a", s, fm3m));
            assertThat(first.passed()).as(first.toString()).isTrue();
            Verdict second = p.screen(new Candidate("b", s, fm3m));
            assertThat(second.reason()).isEqualTo("duplicate.this_run");
            assertThat(second.structure()).isNotNull(); // kept on request
            Element noRadius = Element.all().stream()
                    .filter(e -> Double.isNaN(e.atomicRadius()) && Double.isNaN(e.atomicRadiusCalculated()))
                    .findFirst()
                    .orElseThrow();
            Structure odd = new Structure(
                    Lattice.cubic(5),
                    List.of(
                            new Site(noRadius, new double[] {0, 0, 0}, 1, null),
                            new Site(noRadius, new double[] {0.01, 0, 0}, 1, null)));
            Verdict err = p.screen(new Candidate("odd", odd, SpaceGroup.of(1)));
            assertThat(err.passed()).isFalse();
            assertThat(err.detail()).contains(noRadius.symbol());
            assertThat(p.funnel().getErrors()).isEqualTo(1);
            assertThat(p.funnel().getReceived()).isEqualTo(3);
        }
    }
}
