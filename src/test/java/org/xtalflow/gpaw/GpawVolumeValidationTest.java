package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtalflow.gpaw.GpawValidationTest.OUT;
import static org.xtalflow.gpaw.GpawValidationTest.loadAverage;
import static org.xtalflow.gpaw.GpawValidationTest.mpGroundStates;
import static org.xtalflow.gpaw.GpawValidationTest.primitive;
import static org.xtalflow.gpaw.GpawValidationTest.record;
import static org.xtalflow.gpaw.GpawValidationTest.scaled;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Structure;

/**
 * Relaxed volumes per atom of ten small solids (1-2-atom primitive cells of cubic MP ground states
 * bundled with the product, started 4 % compressed) against the bundled MP cells, within 3 %
 * (issue 18). Ten real cell relaxations at 700 eV: 13 min on the loaded 2-core machine. Six of
 * the ten fail the 3 % check: the bundled cells are smaller than PBE volumes (BENCHMARKS.md).
 * Figures: target/gpaw-validation/volumes.tsv, BENCHMARKS.md "GPAW engine".
 */
@Tag(GpawVolumeValidationTest.TAG)
class GpawVolumeValidationTest {

    static final String TAG = "gpaw-validation";
    static final List<String> VOLUME_SET = List.of(
            "mp-22862",
            "mp-1138",
            "mp-1265",
            "mp-22865",
            "mp-23193",
            "mp-682",
            "mp-2605",
            "mp-422",
            "mp-1315",
            "mp-1190");

    @BeforeAll
    static void gpaw() throws Exception {
        LocalGpawRun.requireGpaw();
        Files.createDirectories(OUT);
    }

    @Test
    void relaxedVolumesOfTenSolidsAreWithinThreePercentOfMaterialsProject() throws Exception {
        GpawInputSet set = GpawInputSet.bundled("test");
        Map<String, Structure> mp = mpGroundStates(VOLUME_SET);
        List<String> failures = new ArrayList<>();
        for (String id : VOLUME_SET) {
            Structure conventional = mp.get(id);
            Structure prim = primitive(conventional);
            // start 4 % compressed in volume so the relaxation has to find the volume itself
            Structure start = scaled(prim, Math.cbrt(0.96));
            long t0 = System.nanoTime();
            GpawResult r = LocalGpawRun.run(OUT.resolve("volumes"), id, start, set.forCrystal(start));
            double wall = (System.nanoTime() - t0) / 1e9;
            double mpV = conventional.volume() / conventional.size();
            if (!r.ok()) {
                failures.add(id + " did not converge: " + r.errors() + " " + r.errorDetail());
                continue;
            }
            double v = r.finalStructure().volume() / r.finalStructure().size();
            double diff = 100 * (v - mpV) / mpV;
            record(
                    OUT.resolve("volumes.tsv"),
                    String.format(
                            Locale.ROOT,
                            "%s\t%s\t%s\t%d\t%.3f\t%.3f\t%+.2f\t%d\t%.0f\t%.1f",
                            set.name(),
                            id,
                            conventional.composition().reducedFormula(),
                            prim.size(),
                            mpV,
                            v,
                            diff,
                            r.relaxSteps(),
                            wall,
                            loadAverage()));
            if (Math.abs(diff) > 3) {
                failures.add(String.format(
                        Locale.ROOT,
                        "%s %s: %.3f Å³/atom vs MP %.3f (%+.2f %%)",
                        id,
                        conventional.composition().reducedFormula(),
                        v,
                        mpV,
                        diff));
            }
        }
        assertThat(failures)
                .as("volumes outside 3 % of MP (figures in " + OUT.resolve("volumes.tsv") + ")")
                .isEmpty();
    }
}
