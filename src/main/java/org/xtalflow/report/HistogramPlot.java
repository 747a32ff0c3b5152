package org.xtalflow.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.xtalflow.thermo.HullStatistics;

/** Histograms of formation energy and e_above_hull (eV/atom) of a set of candidates. */
public final class HistogramPlot {

    private HistogramPlot() {}

    public static XYChart chart(HullStatistics.Histogram h, String title, String xTitle, Color color) {
        XYChart c = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle("Candidates")
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(0.0);
        int n = h.counts().length;
        // a step outline over the bin edges: n bins, n + 1 edges, last count repeated
        double[] x = new double[n + 1];
        double[] y = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            x[i] = h.binStart(i);
            y[i] = h.counts()[Math.min(i, n - 1)];
        }
        if (n == 0) {
            x = new double[] {0, 1};
            y = new double[] {0, 0};
        }
        XYSeries s = c.addSeries("counts", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(color);
        s.setLineColor(color.darker());
        return c;
    }

    /** Writes ef_histogram.png/.svg and ehull_histogram.png/.svg into dir; returns the files. */
    public static Path[] writeAll(HullStatistics st, Path dir) throws IOException {
        String ef = String.format(
                Locale.ROOT,
                "Formation energy: %d of %d candidates below 0 (%.1f%%)",
                st.formationBelow0(),
                st.count(),
                100 * st.share(st.formationBelow0()));
        String eh = String.format(
                Locale.ROOT,
                "Energy above hull: on hull %d, < 0.1 eV/atom %d, < 0.25 eV/atom %d of %d",
                st.onHull(),
                st.hullBelow0p1(),
                st.hullBelow0p25(),
                st.count());
        XYChart a = chart(st.formationEnergy(), ef, "Formation energy (eV/atom)", new Color(70, 120, 200));
        XYChart b = chart(st.eAboveHull(), eh, "E above hull (eV/atom)", new Color(220, 120, 40));
        Path[] out = {
            dir.resolve("ef_histogram.png"),
            dir.resolve("ef_histogram.svg"),
            dir.resolve("ehull_histogram.png"),
            dir.resolve("ehull_histogram.svg")
        };
        ChartFiles.save(a, out[0]);
        ChartFiles.save(a, out[1]);
        ChartFiles.save(b, out[2]);
        ChartFiles.save(b, out[3]);
        return out;
    }
}
