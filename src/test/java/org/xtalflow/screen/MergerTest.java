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
import org.xtalflow.crystal.SymmetryExpansion;

class MergerTest {

    private static Site site(String el, double x, double y, double z) {
        return new Site(Element.of(el), new double[] {x, y, z}, 1.0, null);
    }

    @Test
    void clusterAcrossTheCellFaceMergesToItsPeriodicMean() {
        // Na: radius 1.8 Å, threshold 2 x 1.8 x 0.6 = 2.16 Å; the two atoms are 0.3 Å apart through the face
        Structure s = new Structure(
                Lattice.cubic(10),
                List.of(site("Na", 0.99, 0.5, 0.5), site("Na", 0.02, 0.5, 0.5), site("Cl", 0.5, 0.0, 0.0)));
        Structure m = new Merger().merge(s);
        assertThat(m.size()).isEqualTo(2);
        Site na = m.sites().stream()
                .filter(x -> x.species().symbol().equals("Na"))
                .findFirst()
                .orElseThrow();
        assertThat(na.frac()[0]).isCloseTo(0.005, within(1e-9)); // not 0.505, the naive mean
        assertThat(na.frac()[1]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void differentElementsNeverMergeAndFarAtomsStay() {
        Structure s = new Structure(
                Lattice.cubic(10),
                List.of(site("Na", 0.5, 0.5, 0.5), site("Cl", 0.52, 0.5, 0.5), site("Na", 0.0, 0.0, 0.0)));
        assertThat(new Merger().merge(s)).isSameAs(s);
    }

    @Test
    void singleLinkageChainsMergeEvenWhenTheEndsAreFarApart() {
        // O radius 0.6 Å: threshold 0.72 Å; steps of 0.6 Å, ends 1.2 Å apart
        Structure s = new Structure(
                Lattice.cubic(10),
                List.of(site("O", 0.10, 0.5, 0.5), site("O", 0.16, 0.5, 0.5), site("O", 0.22, 0.5, 0.5)));
        Structure m = new Merger().merge(s);
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.site(0).frac()[0]).isCloseTo(0.16, within(1e-12));
        // with a lower ratio the links break (0.6 Å > 2 x 0.6 x 0.4 = 0.48 Å)
        assertThat(new Merger(0.4, 1.5, 100).merge(s).size()).isEqualTo(3);
    }

    @Test
    void minimumImageInASkewedCellFindsTheNeighbourThroughAnotherImage() {
        // gamma = 30 deg: fractional points (0.05,0.95,.5) and (0.95,0.05,.5) are far in the wrapped
        // box but 0.1·|a-b| apart through the image (+1, -1, 0)
        Lattice lat = Lattice.fromParameters(5, 5, 8, 90, 90, 30);
        Structure s = new Structure(lat, List.of(site("Na", 0.30, 0.30, 0.5), site("Na", 0.34, 0.26, 0.5)));
        double d = s.distance(0, 1);
        assertThat(d).isLessThan(2.16);
        assertThat(new Merger().merge(s).size()).isEqualTo(1);
    }

    @Test
    void secondPassRunsOnlyAboveTheSiteCount() {
        // 8 Na atoms 3 Å apart: the first pass (2.16 Å) keeps them, a second pass (5.4 Å) merges them
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sites.add(site("Na", i * 0.125, 0, 0));
        }
        Structure s = new Structure(Lattice.fromParameters(24, 10, 10, 90, 90, 90), sites);
        assertThat(new Merger(0.6, 1.5, 100).merge(s).size()).isEqualTo(8);
        assertThat(new Merger(0.6, 1.5, 7).merge(s).size()).isEqualTo(1);
    }

    @Test
    void expansionOfANearlySpecialPositionCollapsesBackToTheSymmetricSites() {
        // PGCGM-like: Fm-3m, Na at (0.01, 0.99, 0.02) expands to a cloud around each fcc site
        SpaceGroup fm3m = SpaceGroup.of(225);
        Structure expanded = SymmetryExpansion.expand(
                Lattice.cubic(5.6),
                List.of(site("Na", 0.01, 0.99, 0.02), site("Cl", 0.5, 0.5, 0.5)),
                fm3m.operations(),
                1e-4);
        assertThat(expanded.size()).isEqualTo(96 + 4); // a cloud of 24 around each of the 4 Na sites
        Cell cell = Cell.of(expanded);
        new Merger().merge(cell);
        assertThat(cell.size()).isEqualTo(8);
        // the cloud means sit on the special positions again, so the group is retained
        assertThat(SymmetryCheck.firstBrokenOperation(cell, fm3m, 0.01)).isNull();
        for (int i = 0; i < cell.size(); i++) {
            assertThat(cell.x(i) * 2).isCloseTo(Math.rint(cell.x(i) * 2), within(1e-9));
        }
    }
}
