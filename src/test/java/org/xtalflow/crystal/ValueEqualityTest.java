package org.xtalflow.crystal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Value equality of Site, Lattice and Structure, with pymatgen's tolerances (see their javadoc). */
class ValueEqualityTest {

    private static final Element BA = Element.of("Ba");
    private static final Element TE = Element.of("Te");

    @Test
    void identicalSitesAreEqualAndHashAlike() {
        Site a = new Site(BA, new double[] {0.25, 0.5, 0.75});
        Site b = new Site(BA, new double[] {0.25, 0.5, 0.75});
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(Set.of(a)).contains(b);
    }

    @Test
    void sitesEqualWithinPositionToleranceOnly() {
        Site a = new Site(BA, new double[] {0.25, 0.5, 0.75});
        assertThat(a).isEqualTo(new Site(BA, new double[] {0.25 + 5e-6, 0.5, 0.75}));
        assertThat(a).isNotEqualTo(new Site(BA, new double[] {0.25 + 1e-4, 0.5, 0.75}));
        assertThat(a).isNotEqualTo(new Site(TE, new double[] {0.25, 0.5, 0.75}));
        assertThat(a).isNotEqualTo(new Site(BA, new double[] {0.25, 0.5, 0.75}, 0.5, "Ba1"));
        // the label is a name, not part of the value; coordinates are not wrapped (as in pymatgen)
        assertThat(a).isEqualTo(new Site(BA, new double[] {0.25, 0.5, 0.75}, 1.0, "Ba7"));
        assertThat(new Site(BA, new double[] {0, 0, 0})).isNotEqualTo(new Site(BA, new double[] {1, 0, 0}));
    }

    @Test
    void latticesCompareLikeNumpyAllclose() {
        Lattice l = Lattice.fromParameters(4.1, 5.2, 6.3, 80, 95, 110);
        double[][] m = l.matrix();
        m[0][0] *= 1 + 5e-6;
        assertThat(new Lattice(m)).isEqualTo(l);
        assertThat(new Lattice(m).hashCode()).isEqualTo(l.hashCode());
        m[0][0] *= 1 + 1e-4;
        assertThat(new Lattice(m)).isNotEqualTo(l);
        // same cell, other orientation: a different lattice, as in pymatgen
        double[][] swapped = l.matrix();
        double[] t = swapped[0];
        swapped[0] = swapped[1];
        swapped[1] = t;
        assertThat(new Lattice(swapped)).isNotEqualTo(l);
        assertThat(Lattice.cubic(5)).isEqualTo(Lattice.cubic(5)).isNotEqualTo(Lattice.cubic(5.001));
    }

    @Test
    void structuresEqualIgnoringSiteOrderAndHashOnSiteCounts() {
        Lattice l = Lattice.cubic(7.0);
        Structure s1 =
                new Structure(l, List.of(new Site(BA, new double[] {0, 0, 0}), new Site(TE, new double[] {0.5, 0.5, 0.5
                })));
        Structure s2 = new Structure(
                Lattice.cubic(7.0),
                List.of(new Site(TE, new double[] {0.5, 0.5, 0.5 + 1e-6}), new Site(BA, new double[] {0, 0, 0})));
        assertThat(s1).isEqualTo(s2);
        assertThat(s2).isEqualTo(s1);
        assertThat(s1.hashCode()).isEqualTo(s2.hashCode());
        assertThat(new HashSet<>(List.of(s1, s2))).hasSize(1);

        Structure moved =
                new Structure(l, List.of(new Site(BA, new double[] {0, 0, 0}), new Site(TE, new double[] {0.5, 0.5, 0.6
                })));
        Structure otherCell = new Structure(Lattice.cubic(7.1), s1.sites());
        Structure extraSite = new Structure(
                l,
                List.of(
                        new Site(BA, new double[] {0, 0, 0}),
                        new Site(TE, new double[] {0.5, 0.5, 0.5}),
                        new Site(TE, new double[] {0.5, 0, 0})));
        assertThat(s1).isNotEqualTo(moved).isNotEqualTo(otherCell).isNotEqualTo(extraSite);
    }

    @Test
    void equalityIsSymmetricWhenSitesRepeat() {
        Lattice l = Lattice.cubic(7.0);
        Site ba = new Site(BA, new double[] {0, 0, 0});
        Site ba2 = new Site(BA, new double[] {0.5, 0, 0});
        Structure twice = new Structure(l, List.of(ba, ba, ba2));
        Structure once = new Structure(l, List.of(ba, ba2, ba2));
        // every site of `twice` is in `once` and back: pymatgen's rule counts them equal too
        assertThat(twice).isEqualTo(once);
        assertThat(once).isEqualTo(twice);
        Structure other = new Structure(l, List.of(ba, ba, ba));
        assertThat(twice).isNotEqualTo(other);
        assertThat(other).isNotEqualTo(twice);
    }
}
