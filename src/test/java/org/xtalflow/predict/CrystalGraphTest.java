package org.xtalflow.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

class CrystalGraphTest {

    static CgcnnPredictor predictor;

    @BeforeAll
    static void open() {
        predictor = CgcnnPredictor.open(EnumSet.allOf(CgcnnProperty.class));
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    static Structure rocksalt(double a) {
        return TestCrystals.rocksalt(a);
    }

    @Test
    void rocksaltHasSixNearestThenTwelveSecondNeighbours() {
        CrystalGraph g = CrystalGraph.of(rocksalt(5.64));
        assertThat(g.size()).isEqualTo(8);
        for (int k = 0; k < 6; k++) {
            assertThat(g.distance(0, k)).isCloseTo(2.82, within(1e-9));
            assertThat(g.atomicNumber(g.neighbor(0, k))).isEqualTo(17);
        }
        for (int k = 6; k < 12; k++) {
            assertThat(g.distance(0, k)).isCloseTo(5.64 / Math.sqrt(2), within(1e-9));
        }
        // 12 second neighbours (Na) compete for 6 places, all of one element: not a tie that matters
        assertThat(g.tieAtCutoff()).isFalse();
        assertThat(g.equivalenceClasses()).containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
    }

    @Test
    void fewerThanTwelveNeighboursWithinEightAngstromArePaddedAsTheOriginal() {
        // simple cubic, a = 7 Å: 6 neighbours at 7 Å, the next at 9.9 Å (beyond 8)
        Structure s =
                new Structure(Lattice.cubic(7.0), List.of(new Site(Element.of("Cu"), new double[] {0.2, 0.3, 0.4})));
        CrystalGraph g = CrystalGraph.of(s);
        for (int k = 0; k < 6; k++) {
            assertThat(g.distance(0, k)).isCloseTo(7.0, within(1e-9));
        }
        for (int k = 6; k < 12; k++) {
            assertThat(g.neighbor(0, k)).isZero();
            assertThat(g.distance(0, k)).isEqualTo(CrystalGraph.PADDING_DISTANCE);
        }
    }

    @Test
    void aTieBetweenElementsAcrossTheTwelfthPlaceIsReported() {
        // CsCl: Cs sees 8 Cl at a·√3/2, then 6 Cs at a; the 12th place falls in the Cs shell, one element
        List<Site> sites = List.of(
                new Site(Element.of("Cs"), new double[] {0, 0, 0}),
                new Site(Element.of("Cl"), new double[] {.5, .5, .5}));
        assertThat(CrystalGraph.of(new Structure(Lattice.cubic(4.1), sites)).tieAtCutoff())
                .isFalse();
        // cubic SrTiO3: O at (½,½,0) sees 2 Ti at a/2, then 4 Sr and 8 O all at a/√2: the 12th
        // place falls in a shell of two elements, so which 10 of the 12 enter is a convention
        List<Site> abo3 = List.of(
                new Site(Element.of("Sr"), new double[] {0, 0, 0}),
                new Site(Element.of("Ti"), new double[] {.5, .5, .5}),
                new Site(Element.of("O"), new double[] {.5, .5, 0}),
                new Site(Element.of("O"), new double[] {.5, 0, .5}),
                new Site(Element.of("O"), new double[] {0, .5, .5}));
        CrystalGraph g = CrystalGraph.of(new Structure(Lattice.cubic(3.905), abo3));
        assertThat(g.distance(2, 1)).isCloseTo(3.905 / 2, within(1e-9));
        assertThat(g.distance(2, 11)).isCloseTo(3.905 / Math.sqrt(2), within(1e-9));
        assertThat(g.tieAtCutoff()).isTrue();
    }

    @Test
    void aSupercellPredictsTheSameAsItsCell() {
        Structure cell = rocksalt(5.64);
        List<Site> sites = new ArrayList<>();
        for (Site s : cell.sites()) {
            double[] f = s.frac();
            sites.add(new Site(s.species(), new double[] {f[0] / 2, f[1], f[2]}));
            sites.add(new Site(s.species(), new double[] {f[0] / 2 + .5, f[1], f[2]}));
        }
        Structure supercell = new Structure(Lattice.fromParameters(11.28, 5.64, 5.64, 90, 90, 90), sites);
        List<PropertyPrediction> p = predictor.predictStructures(List.of(cell, supercell));
        for (CgcnnProperty prop : CgcnnProperty.values()) {
            assertThat(p.get(1).get(prop)).as(prop.key()).isCloseTo(p.get(0).get(prop), within(1e-5));
        }
    }

    @Test
    void equivalenceClassesDoNotChangeTheResult() {
        // the same crystal with one atom nudged by 1e-4 Å has no equivalent atoms left (8 classes)
        // yet must predict (almost) the same: the reduction is exact, not an approximation
        Structure s = rocksalt(5.64);
        List<Site> sites = new ArrayList<>(s.sites());
        double[] f = sites.get(3).frac();
        sites.set(3, new Site(sites.get(3).species(), new double[] {f[0] + 1e-4 / 5.64, f[1], f[2]}));
        Structure nudged = new Structure(s.lattice(), sites);
        int[] cls = CrystalGraph.of(nudged).equivalenceClasses();
        assertThat(java.util.Arrays.stream(cls).max().getAsInt() + 1).isGreaterThan(2);
        List<PropertyPrediction> p = predictor.predictStructures(List.of(s, nudged));
        for (CgcnnProperty prop : CgcnnProperty.values()) {
            assertThat(p.get(1).get(prop)).as(prop.key()).isCloseTo(p.get(0).get(prop), within(2e-3));
        }
    }

    @Test
    void disorderAndUnknownElementsAreRefusedWithAReason() {
        Structure partial = new Structure(
                Lattice.cubic(4), List.of(new Site(Element.of("Fe"), new double[] {0, 0, 0}, 0.5, "Fe1")));
        assertThatThrownBy(() -> CrystalGraph.of(partial))
                .hasMessageContaining("occupancy 0.5")
                .hasMessageContaining("ordered");
        Structure md = new Structure(
                Lattice.cubic(4),
                List.of(
                        new Site(Element.of("Na"), new double[] {0, 0, 0}),
                        new Site(Element.of("Md"), new double[] {.5, .5, .5})));
        assertThatThrownBy(() -> CrystalGraph.of(md))
                .hasMessageContaining("site 2: Md (Z=101) has no CGCNN element features");
    }

    @Test
    void batchingDoesNotChangeAnswers() {
        List<Structure> list = List.of(rocksalt(5.64), rocksalt(5.9), rocksalt(5.2));
        List<PropertyPrediction> together = predictor.predictStructures(list);
        try (CgcnnPredictor onePerPass = CgcnnPredictor.open(EnumSet.of(CgcnnProperty.FORMATION_ENERGY), 1)) {
            List<PropertyPrediction> single = onePerPass.predictStructures(list);
            for (int i = 0; i < list.size(); i++) {
                assertThat(single.get(i).get(CgcnnProperty.FORMATION_ENERGY))
                        .isCloseTo(together.get(i).get(CgcnnProperty.FORMATION_ENERGY), within(1e-6));
                assertThat(single.get(i).has(CgcnnProperty.BAND_GAP)).isFalse();
            }
        }
    }
}
