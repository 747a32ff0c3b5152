package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

class DensityFilterTest {

    /** The structure with its lattice scaled isotropically so that its density is {@code gPerCm3}. */
    private static Structure atDensity(Structure s, double gPerCm3) {
        double f = Math.cbrt(s.density() / gPerCm3);
        double[][] m = s.lattice().matrix();
        double[][] scaled = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                scaled[i][j] = m[i][j] * f;
            }
        }
        return new Structure(new Lattice(scaled), s.sites());
    }

    @Test
    void anOxideAtHalfAGramPerCubicCentimetreIsRejectedAsTooLowDensity() {
        Structure licoo2 = FiltersTest.groundState("mp-22526"); // real LiCoO2, R-3m, 5.1 g/cm³
        DensityFilter f = new DensityFilter();
        SpaceGroup sg = SpaceGroup.of(166);
        assertThat(f.check(Cell.of(licoo2), sg)).isNull();

        Structure blown = atDensity(licoo2, 0.5);
        assertThat(blown.density()).isCloseTo(0.5, within(1e-9));
        Rejection r = f.check(Cell.of(blown), sg);
        assertThat(r).isNotNull();
        assertThat(r.code()).isEqualTo("density.too_low");
        assertThat(r.detail()).contains("0.500 g/cm³").contains("Å³/atom");
    }

    @Test
    void theFilterRunsInTheDefaultPipelineAndTheFunnelCountsItsReason() {
        ScreeningConfig cfg = ScreeningConfig.defaults();
        cfg.spglib = "off";
        cfg.noveltyBuiltin = false;
        assertThat(cfg.filters).startsWith("size", "density");
        Structure blown = atDensity(FiltersTest.groundState("mp-22526"), 0.5);
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            Verdict v = p.screen(new Candidate("blown", blown, SpaceGroup.of(166)));
            assertThat(v.passed()).isFalse();
            assertThat(v.filter()).isEqualTo("density");
            assertThat(v.reason()).isEqualTo("density.too_low");
            assertThat(p.funnel().getRejectedByReason()).containsEntry("density.too_low", 1L);
        }
    }

    @Test
    void cesiumMetalTheLargestElementalSolidPasses() {
        // bcc Cs, a = 6.14 Å: 115.7 Å³/atom, volume ratio 0.98
        Cell cs = Cell.of(new Structure(
                Lattice.cubic(6.14),
                java.util.List.of(
                        new org.xtalflow.crystal.Site(
                                org.xtalflow.crystal.Element.of("Cs"), new double[] {0, 0, 0}, 1, null),
                        new org.xtalflow.crystal.Site(
                                org.xtalflow.crystal.Element.of("Cs"), new double[] {.5, .5, .5}, 1, null))));
        assertThat(new DensityFilter().check(cs, SpaceGroup.of(229))).isNull();
    }

    @Test
    void aCellSqueezedBelowTheVolumeOfItsAtomsIsTooDense() {
        Structure squeezed = atDensity(FiltersTest.groundState("mp-22526"), 30);
        Rejection r = new DensityFilter().check(Cell.of(squeezed), SpaceGroup.of(166));
        assertThat(r.code()).isEqualTo("density.too_high");
    }

    @Test
    void volumePerAtomBoundsAloneAlsoReject() {
        Structure licoo2 = FiltersTest.groundState("mp-22526"); // 8.1 Å³/atom
        DensityFilter tight = new DensityFilter(9, 70, 0, 100);
        assertThat(tight.check(Cell.of(licoo2), SpaceGroup.of(166)).code()).isEqualTo("density.too_high");
        assertThat(tight.check(Cell.of(licoo2), SpaceGroup.of(166)).detail()).contains("< 9.0 Å³/atom");
    }

    @Test
    void inconsistentBoundsAreAConfigurationError() {
        assertThatThrownBy(() -> new DensityFilter(10, 5, 0.25, 1.6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min_volume_per_atom");
    }
}
