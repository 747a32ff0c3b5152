package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.SymmetryExpansion;
import org.xtalflow.screen.bench.RandomCandidates;

/**
 * The space-group filter's shortcut: {@link SupergroupSearch} finds symmetry beyond the intended
 * group where there is some, and where it finds none spglib finds exactly the intended group.
 */
class SupergroupSearchTest {

    private static Spglib spglib;
    private static SpaceGroupFilter filter;

    @BeforeAll
    static void load() {
        spglib = Spglib.load(null);
        assertThat(spglib)
                .as("spglib (Debian libsymspg1): " + Spglib.lastProblem())
                .isNotNull();
        filter = new SpaceGroupFilter(0.1, 0.1, spglib, null);
    }

    /** The cell a group makes of one or more base sites (element, x, y, z). */
    private static Cell expand(Lattice lat, SpaceGroup g, Object... sites) {
        List<Element> sp = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        double[] buf = new double[3 * 192];
        for (int k = 0; k < sites.length; k += 4) {
            int m = SymmetryExpansion.orbit(
                    (double) sites[k + 1],
                    (double) sites[k + 2],
                    (double) sites[k + 3],
                    g.operations(),
                    SymmetryExpansion.DEFAULT_TOLERANCE,
                    buf);
            for (int i = 0; i < m; i++) {
                sp.add(Element.of((String) sites[k]));
                f.add(buf[3 * i]);
                f.add(buf[3 * i + 1]);
                f.add(buf[3 * i + 2]);
            }
        }
        double[] frac = f.stream().mapToDouble(Double::doubleValue).toArray();
        return new Cell(lat, sp.toArray(new Element[0]), frac, sp.size());
    }

    private static boolean onlyIntended(Cell c, SpaceGroup g) {
        int[] types = c.typeIds();
        return filter.onlyIntendedSymmetry(
                c, g, CentredCellReduction.reduce(c.lattice(), c.fracArray(), types, c.size(), g, 0.1), types);
    }

    /** The search on the primitive cell of a centred-group cell, at 0.1 Å and 5°. */
    private static String extra(Cell c, SpaceGroup g) {
        CentredCellReduction.Reduced p =
                CentredCellReduction.reduce(c.lattice(), c.fracArray(), c.typeIds(), c.size(), g, 0.1);
        return SupergroupSearch.firstExtraOperation(c.lattice(), g, p.lattice(), p.frac(), p.types(), p.n(), 0.1, 5);
    }

    private static int spglibNumber(Cell c) {
        return spglib.spaceGroupNumber(c.lattice(), c.fracArray(), c.typeIds(), c.size(), 0.1);
    }

    @Test
    void rockSaltInFm3mHasNothingBeyondItsGroup() {
        SpaceGroup fm3m = SpaceGroup.of(225);
        Cell nacl = expand(Lattice.cubic(5.64), fm3m, "Na", 0.0, 0.0, 0.0, "Cl", 0.5, 0.5, 0.5);
        assertThat(nacl.size()).isEqualTo(8);
        assertThat(onlyIntended(nacl, fm3m)).isTrue();
        assertThat(spglibNumber(nacl)).isEqualTo(225);
    }

    @Test
    void rockSaltIntendedAsF43mGainsTheInversion() {
        SpaceGroup f43m = SpaceGroup.of(216);
        // zinc-blende sites 4a and 4b make rock salt, which is centrosymmetric: Fm-3m
        Cell nacl = expand(Lattice.cubic(5.64), f43m, "Na", 0.0, 0.0, 0.0, "Cl", 0.5, 0.5, 0.5);
        assertThat(onlyIntended(nacl, f43m)).isFalse();
        assertThat(extra(nacl, f43m)).startsWith("rotation");
        assertThat(spglibNumber(nacl)).isEqualTo(225);
        // real zinc blende (Cl at 1/4) has no inversion
        Cell zns = expand(Lattice.cubic(5.41), f43m, "Zn", 0.0, 0.0, 0.0, "S", 0.25, 0.25, 0.25);
        assertThat(onlyIntended(zns, f43m)).isTrue();
        assertThat(spglibNumber(zns)).isEqualTo(216);
    }

    @Test
    void oneElementOnBothRockSaltSitesIsASmallerCell() {
        SpaceGroup fm3m = SpaceGroup.of(225);
        // all eight atoms alike: simple cubic with a/2, a pure translation (1/2, 0, 0) beyond F centring
        Cell po = expand(Lattice.cubic(6.7), fm3m, "Po", 0.0, 0.0, 0.0, "Po", 0.5, 0.5, 0.5);
        assertThat(extra(po, fm3m)).startsWith("translation");
        assertThat(onlyIntended(po, fm3m)).isFalse();
        assertThat(spglibNumber(po)).isEqualTo(221);
    }

    @Test
    void tetragonalCellWithCEqualToAIsCubic() {
        SpaceGroup p4mmm = SpaceGroup.of(123);
        Cell cscl = expand(
                Lattice.fromParameters(4.1, 4.1, 4.1 + 0.03, 90, 90, 90),
                p4mmm,
                "Cs",
                0.0,
                0.0,
                0.0,
                "Cl",
                0.5,
                0.5,
                0.5);
        assertThat(onlyIntended(cscl, p4mmm)).isFalse();
        assertThat(spglibNumber(cscl)).isEqualTo(221);
        // a real tetragonal cell stays P4/mmm
        Cell tet = expand(
                Lattice.fromParameters(4.1, 4.1, 5.3, 90, 90, 90), p4mmm, "Cs", 0.0, 0.0, 0.0, "Cl", 0.5, 0.5, 0.5);
        assertThat(onlyIntended(tet, p4mmm)).isTrue();
        assertThat(spglibNumber(tet)).isEqualTo(123);
    }

    @Test
    void latticeRotationsOfACubicCellInAnyBasisAreTheFortyEight() {
        assertThat(SupergroupSearch.latticeRotations(Lattice.cubic(4), 0.1, 5)).hasSize(48);
        // the primitive cell of fcc (60° angles), and a deliberately unreduced basis of the same lattice
        double a = 4;
        Lattice prim = new Lattice(new double[][] {{0, a / 2, a / 2}, {a / 2, 0, a / 2}, {a / 2, a / 2, 0}});
        assertThat(SupergroupSearch.latticeRotations(prim, 0.1, 5)).hasSize(48);
        Lattice skew = new Lattice(new double[][] {{a, 0, 0}, {a, a, 0}, {0, 0, a}});
        assertThat(SupergroupSearch.latticeRotations(skew, 0.1, 5)).hasSize(48);
        assertThat(SupergroupSearch.latticeRotations(Lattice.fromParameters(3, 3, 5, 90, 90, 120), 0.1, 5))
                .hasSize(24);
        assertThat(SupergroupSearch.latticeRotations(Lattice.fromParameters(3, 4, 5, 90, 90, 90), 0.1, 5))
                .hasSize(8);
        assertThat(SupergroupSearch.pointGroup(SpaceGroup.of(225))).hasNumberOfRows(48);
        assertThat(SupergroupSearch.pointGroup(SpaceGroup.of(216))).hasNumberOfRows(24);
    }

    @Test
    void whereTheShortcutPassesACandidateSpglibFindsTheIntendedGroup() {
        SupergroupAgreement a = new SupergroupAgreement();
        a.addRandom(new RandomCandidates(7), 3_000);
        assertThat(a.checked).isGreaterThan(900);
        assertThat(a.disagreeing).isEmpty();
        // the shortcut spares spglib almost every call, and declines every candidate spglib rejects
        assertThat(a.shortcut).isGreaterThan(a.checked * 9 / 10);
        assertThat(a.spglibRejects).isPositive();
        assertThat(a.checked - a.shortcut).isGreaterThanOrEqualTo(a.spglibRejects);
    }

    @Test
    void aSingleAtomInP1IsCentrosymmetric() {
        // P1 with one atom: nothing beyond P1 except the inversion the lattice allows for a point
        SpaceGroup p1 = SpaceGroup.of(1);
        Cell one = expand(Lattice.fromParameters(3.1, 4.3, 5.7, 81, 77, 69), p1, "Fe", 0.1, 0.2, 0.3);
        assertThat(onlyIntended(one, p1)).isFalse(); // a single atom is centrosymmetric: P-1
        assertThat(spglibNumber(one)).isEqualTo(2);
    }
}
