package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;

class FiltersTest {

    static Structure groundState(String id) {
        return new CifReader()
                .read(SharedData.path("mp_groundstates", "cifs", id + ".cif"))
                .get(0)
                .structure();
    }

    private static Cell cell(String formulaSites, double a) {
        // "Na 0 0 0; Cl .5 .5 .5" in a cubic cell
        List<Site> sites = new ArrayList<>();
        for (String s : formulaSites.split(";")) {
            String[] t = s.trim().split("\\s+");
            sites.add(new Site(
                    Element.of(t[0]),
                    new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2]), Double.parseDouble(t[3])},
                    1,
                    null));
        }
        return Cell.of(new Structure(Lattice.cubic(a), sites));
    }

    @Test
    void chargeNeutralityFollowsCommonThenIcsdStatesWithMixedValence() {
        ChargeFilter f = new ChargeFilter(true, false, false);
        SpaceGroup p1 = SpaceGroup.of(1);
        assertThat(f.check(cell("Na 0 0 0; Cl .5 .5 .5", 5), p1)).isNull();
        assertThat(f.check(cell("Na 0 0 0; Cl .5 .5 .5; Cl .5 0 0", 5), p1).code())
                .isEqualTo("charge.not_neutral");
        // Fe3O4 needs Fe2+ + 2 Fe3+, as pymatgen's oxi_state_guesses allows
        assertThat(f.check(cell("Fe 0 0 0; Fe .5 0 0; Fe 0 .5 0; O 0 0 .5; O .5 .5 0; O .5 0 .5; O 0 .5 .5", 8), p1))
                .isNull();
        // SMACT's rule: one state per element, so Fe3O4 fails with the electronegativity option
        assertThat(new ChargeFilter(true, true, false)
                        .check(
                                cell("Fe 0 0 0; Fe .5 0 0; Fe 0 .5 0; O 0 0 .5; O .5 .5 0; O .5 0 .5; O 0 .5 .5", 8),
                                p1))
                .isNotNull();
        // peroxide Na2O2: O-1 is neither common nor ICSD-listed; only the all-states tier admits it
        Cell na2o2 = cell("Na 0 0 0; Na .5 .5 .5; O .1 .1 .1; O .3 .3 .3", 6);
        assertThat(f.check(na2o2, p1)).isNotNull();
        assertThat(new ChargeFilter(true, false, true).check(na2o2, p1)).isNull();
        // intermetallic NiAl: no ionic balance, passes only as an alloy
        Cell nial = cell("Ni 0 0 0; Al .5 .5 .5", 2.9);
        assertThat(f.check(nial, p1)).isNull();
        assertThat(new ChargeFilter(false, false, false).check(nial, p1)).isNotNull();
    }

    @Test
    void distanceFilterRejectsCloseContactsAndNamesThem() {
        DistanceFilter f = new DistanceFilter(0.5, 0.75);
        SpaceGroup p1 = SpaceGroup.of(1);
        assertThat(f.check(Cell.of(groundState("mp-1000")), SpaceGroup.of(225))).isNull(); // BaTe
        Rejection r = f.check(cell("Na 0 0 0; Cl .1 .1 0", 10), p1); // 1.41 Å < 0.75 x (1.8 + 1.0)
        assertThat(r.code()).isEqualTo("distance.too_close");
        assertThat(r.detail()).contains("Na0-Cl1").contains("1.414");
        // an atom too close to its own image (a 1.5 Å cell edge)
        assertThat(f.check(cell("Na 0 0 0", 1.5), p1).detail()).contains("own periodic image");
    }

    @Test
    void shortestLatticeVectorIsExactInSkewedCells() {
        Lattice lat = Lattice.fromParameters(4, 4.2, 9, 80, 100, 25);
        double brute = Double.MAX_VALUE;
        double[] c = new double[3];
        for (int i = -6; i <= 6; i++) {
            for (int j = -6; j <= 6; j++) {
                for (int k = -6; k <= 6; k++) {
                    if (i == 0 && j == 0 && k == 0) {
                        continue;
                    }
                    lat.cartesian(i, j, k, c);
                    brute = Math.min(brute, Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]));
                }
            }
        }
        assertThat(DistanceFilter.shortestLatticeVector(lat)).isCloseTo(brute, within(1e-12));
        assertThat(brute).isLessThan(4.0);
    }

    @Test
    void sizeFilterCapsSites() {
        assertThat(new SizeFilter(1)
                        .check(cell("Na 0 0 0; Cl .5 .5 .5", 5), SpaceGroup.of(1))
                        .code())
                .isEqualTo("size.too_many_sites");
        assertThat(new SizeFilter(2).check(cell("Na 0 0 0; Cl .5 .5 .5", 5), SpaceGroup.of(1)))
                .isNull();
    }

    @Test
    void spaceGroupRetentionChecksOperationsAndSpglib() {
        Spglib lib = Spglib.load(null);
        assertThat(lib)
                .as("spglib (Debian libsymspg1): " + Spglib.lastProblem())
                .isNotNull();
        SpaceGroupFilter f = new SpaceGroupFilter(0.1, 0.1, lib, null);
        Cell bate = Cell.of(groundState("mp-1000"));
        SpaceGroup fm3m = SpaceGroup.of(225);
        assertThat(f.check(bate, fm3m)).isNull();
        // a supergroup passes the operation check of a subgroup but not spglib's equality
        Rejection sub = f.check(bate, SpaceGroup.of(221));
        assertThat(sub.code()).isEqualTo("spacegroup.spglib_mismatch");
        assertThat(sub.detail()).contains("Fm-3m (225)");
        // displacing one atom by 0.3 Å breaks the operations
        Structure s = groundState("mp-1000");
        List<Site> sites = new ArrayList<>(s.sites());
        double[] x = sites.get(0).frac().clone();
        x[0] += 0.3 / s.lattice().a();
        sites.set(0, new Site(sites.get(0).species(), x, 1, null));
        Rejection broken = f.check(Cell.of(new Structure(s.lattice(), sites)), fm3m);
        assertThat(broken.code()).isEqualTo("spacegroup.operation_broken");
        // without spglib the operation check stands alone, and says so
        assertThat(Spglib.load("/nonexistent/libsymspg.so.1")).isNull();
        assertThat(Spglib.lastProblem()).contains("libsymspg1");
        SpaceGroupFilter alone = new SpaceGroupFilter(0.1, 0.1, null, Spglib.lastProblem());
        assertThat(alone.spglibStatus()).contains("only the operation check ran");
        assertThat(alone.check(bate, SpaceGroup.of(221))).isNull();
    }

    @Test
    void generatorsOfEveryGroupGenerateTheWholeGroup() {
        for (int n = 1; n <= 230; n++) {
            SpaceGroup sg = SpaceGroup.of(n);
            assertThat(SymmetryCheck.generators(sg).size()).as(sg.toString()).isBetween(n == 1 ? 0 : 1, 8);
        }
    }
}
