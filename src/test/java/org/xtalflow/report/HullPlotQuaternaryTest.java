package org.xtalflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.PhaseDiagram;
import org.xtalflow.thermo.bench.QuaternaryEntries;

/** The tetrahedron picture of a four-element system (synthetic Li-Fe-P-O, as the pymatgen interop test). */
class HullPlotQuaternaryTest {

    @TempDir
    Path tmp;

    @Test
    void tetrahedronWithStablePhasesLabelledAndCandidatesByBand() throws Exception {
        List<ComputedEntry> entries = QuaternaryEntries.generate(400, 3);
        PhaseDiagram pd = new PhaseDiagram(entries);
        assertThat(pd.elements()).hasSize(4);
        assertThat(HullPlot.draws(pd)).isTrue();
        List<HullPlot.Candidate> cands = new ArrayList<>();
        for (ComputedEntry e : entries.subList(0, 120)) {
            cands.add(new HullPlot.Candidate(e, pd.eAboveHull(e)));
        }
        XYChart chart = HullPlot.chart(pd, cands);
        assertThat(chart.getTitle())
                .isEqualTo(pd.chemicalSystem() + " phase diagram ("
                        + pd.stableEntries().size() + " stable phases)");
        long edges = chart.getSeriesMap().keySet().stream()
                .filter(k -> k.startsWith("edge"))
                .count();
        long ties = chart.getSeriesMap().keySet().stream()
                .filter(k -> k.startsWith("tie"))
                .count();
        assertThat(edges).isEqualTo(6);
        // a triangulated hull of s stable phases in 4 components has at least 3(s - 4) + 6 tie lines
        assertThat(ties).isGreaterThanOrEqualTo(3L * (pd.stableEntries().size() - 4) + 6);
        assertThat(chart.getSeriesMap().get("stable phases").getXData())
                .hasSize(pd.stableEntries().size());
        int banded = chart.getSeriesMap().entrySet().stream()
                .filter(e -> e.getKey().startsWith("E_hull"))
                .mapToInt(e -> e.getValue().getXData().length)
                .sum();
        assertThat(banded).isEqualTo(120);

        Path png = tmp.resolve("hull_" + pd.chemicalSystem() + ".png");
        HullPlot.write(pd, cands, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(800);
        int on = 0;
        Color green = HullPlot.BAND_COLORS[0];
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                if (img.getRGB(x, y) == green.getRGB()) {
                    on++;
                }
            }
        }
        assertThat(on).as("pixels of on-hull candidates").isGreaterThan(20);
        String keep = System.getProperty("xtalflow.keepPlots");
        if (keep != null) {
            Files.copy(
                    png, Path.of(keep).resolve(png.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
