package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtalflow.gpaw.GpawValidationTest.OUT;
import static org.xtalflow.gpaw.GpawValidationTest.loadAverage;
import static org.xtalflow.gpaw.GpawValidationTest.primitive;
import static org.xtalflow.gpaw.GpawValidationTest.record;
import static org.xtalflow.gpaw.GpawValidationTest.scaled;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.testing.SharedData;

/**
 * PBE against PBE: relaxed volumes per atom of ten half-Heuslers (F-43m, 3-atom primitive cells,
 * s/p metals and Pt, no magnetic or f elements) against OQMD's VASP-PBE relaxed cells as the
 * CubicGAN training set publishes them ({@code ../shared/data/structures_cubicgan_oqmd}), within
 * 3 %. The issue asks for Materials Project PBE cells, which the data does not hold (the bundled MP
 * cells are r2SCAN's, see {@link GpawVolumeValidationTest}); OQMD's are the PBE-relaxed cells
 * that are here. Tag gpaw-validation (ten cell relaxations, minutes each on a loaded machine).
 * Figures: target/gpaw-validation/oqmd-volumes.tsv, BENCHMARKS.md "GPAW engine".
 */
@Tag(GpawVolumeValidationTest.TAG)
class GpawOqmdVolumeValidationTest {

    /** OQMD entry id (the CIF's name) and formula. */
    static final List<String[]> HALF_HEUSLERS = List.of(
            new String[] {"567800", "AlBPt"},
            new String[] {"567826", "ZnSiPt"},
            new String[] {"567806", "SiSbPt"},
            new String[] {"567809", "NaPtPb"},
            new String[] {"567819", "YSiPt"},
            new String[] {"567829", "CaGePt"},
            new String[] {"567888", "ScAlPt"},
            new String[] {"567854", "ScBePt"},
            new String[] {"567867", "MgBiPt"},
            new String[] {"567898", "SrLiPt"});

    @BeforeAll
    static void gpaw() throws Exception {
        LocalGpawRun.requireGpaw();
        Files.createDirectories(OUT);
    }

    @Test
    void relaxedVolumesOfTenHalfHeuslersAreWithinThreePercentOfOqmdsPbeCells() throws Exception {
        GpawInputSet set = GpawInputSet.bundled("test");
        List<String> failures = new ArrayList<>();
        for (String[] hh : HALF_HEUSLERS) {
            Structure conventional =
                    new CifReader().readStructure(SharedData.path("structures_cubicgan_oqmd", "cifs", hh[0] + ".cif"));
            assertThat(conventional.composition().reducedFormula()).isEqualTo(hh[1]);
            Structure prim = primitive(conventional);
            assertThat(prim.size()).as(hh[1] + " primitive cell").isEqualTo(3);
            Structure start = scaled(prim, Math.cbrt(0.96)); // the relaxation has to find the volume itself
            long t0 = System.nanoTime();
            GpawResult r = LocalGpawRun.run(OUT.resolve("oqmd-volumes"), "oqmd-" + hh[0], start, set.forCrystal(start));
            double wall = (System.nanoTime() - t0) / 1e9;
            double oqmdV = conventional.volume() / conventional.size();
            if (!r.ok()) {
                failures.add(hh[1] + " did not converge: " + r.errors() + " " + r.errorDetail());
                continue;
            }
            double v = r.finalStructure().volume() / r.finalStructure().size();
            double diff = 100 * (v - oqmdV) / oqmdV;
            record(
                    OUT.resolve("oqmd-volumes.tsv"),
                    String.format(
                            Locale.ROOT,
                            "%s\toqmd-%s\t%s\t%.3f\t%.3f\t%+.2f\t%d\t%.0f\t%.1f",
                            set.name(),
                            hh[0],
                            hh[1],
                            oqmdV,
                            v,
                            diff,
                            r.relaxSteps(),
                            wall,
                            loadAverage()));
            if (Math.abs(diff) > 3) {
                failures.add(
                        String.format(Locale.ROOT, "%s: %.3f Å³/atom vs OQMD %.3f (%+.2f %%)", hh[1], v, oqmdV, diff));
            }
        }
        assertThat(failures)
                .as("volumes outside 3 % of OQMD (figures in " + OUT.resolve("oqmd-volumes.tsv") + ")")
                .isEmpty();
    }
}
