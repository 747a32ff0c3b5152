package org.xtalflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.xtalflow.campaign.CandidatePrediction;
import org.xtalflow.predict.PredictionAccuracy;

/**
 * The pre-screen's part of the campaign report: predicted properties per candidate and, once
 * candidates are harvested, predicted against DFT formation energy and energy above the hull
 * (parity plot {@code prescreen_parity.png}, MAE, and the recall of DFT-stable candidates at the
 * configured threshold, i.e. how many of them the pre-screen would have dropped).
 */
public final class PreScreenReport {

    public static final String FIGURE = "prescreen_parity.png";
    /** DFT-stable for the recall: on or within this of the hull (eV/atom). */
    public static final double DFT_STABLE_EV = 0.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PreScreenReport() {}

    /** The markdown section (empty when nothing was pre-screened); writes the parity plot into dir when there are harvested pairs. */
    public static String section(List<CandidatePrediction> rows, double maxEAboveHull, Path dir) throws IOException {
        return section(rows, rows.size(), maxEAboveHull, dir);
    }

    /**
     * The section from a bounded selection of the pre-screened candidates ({@code rows}: every
     * harvested one and the first others), of {@code total} pre-screened: the table says how many
     * it leaves out.
     */
    public static String section(List<CandidatePrediction> rows, long total, double maxEAboveHull, Path dir)
            throws IOException {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Pre-screen predictions (CGCNN)\n\n");
        List<PredictionAccuracy.Pair> pairs = new ArrayList<>();
        for (CandidatePrediction r : rows) {
            if (r.formationEnergyPerAtomEv() != null && r.predictedFormationEnergyPerAtomEv() != null) {
                pairs.add(new PredictionAccuracy.Pair(
                        r.id(),
                        r.predictedFormationEnergyPerAtomEv(),
                        r.formationEnergyPerAtomEv(),
                        r.predictedEAboveHullEv() == null ? Double.NaN : r.predictedEAboveHullEv(),
                        r.eAboveHullEv() == null ? Double.NaN : r.eAboveHullEv()));
            }
        }
        if (pairs.isEmpty()) {
            b.append(
                    "No pre-screened candidate harvested yet: the comparison with DFT appears once jobs have run.\n\n");
        } else {
            PredictionAccuracy a = PredictionAccuracy.of(pairs, maxEAboveHull, DFT_STABLE_EV);
            ChartFiles.save(parityChart(pairs), dir.resolve(FIGURE));
            b.append(String.format(
                    Locale.ROOT,
                    "%d harvested: MAE of the predicted formation energy %.3f eV/atom, of the "
                            + "predicted energy above the hull %.3f eV/atom. Of %d DFT-stable (E_hull <= %.3f eV/atom), the "
                            + "threshold max_e_above_hull %.3f eV/atom keeps %d (recall %s), dropping %d.%n%n",
                    a.count(),
                    a.formationEnergyMae(),
                    a.eAboveHullMae(),
                    a.dftStable(),
                    DFT_STABLE_EV,
                    maxEAboveHull,
                    a.dftStableKept(),
                    Double.isNaN(a.recall()) ? "n/a" : String.format(Locale.ROOT, "%.2f", a.recall()),
                    a.dftStableDropped()));
            b.append("![").append(FIGURE).append("](").append(FIGURE).append(")\n\n");
        }
        b.append(
                "| candidate | state | formula | E_f pred (eV/atom) | E_hull pred (eV/atom) | band gap (eV) | P(metal) | "
                        + "E_f DFT | E_hull DFT |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (CandidatePrediction r : rows) {
            JsonNode j = r.predictionsJson() == null ? JSON.createObjectNode() : JSON.readTree(r.predictionsJson());
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.id(),
                    r.state(),
                    r.formula(),
                    num(r.predictedFormationEnergyPerAtomEv()),
                    num(r.predictedEAboveHullEv()),
                    num(j.path("band_gap")),
                    num(j.path("metal_probability")),
                    num(r.formationEnergyPerAtomEv()),
                    num(r.eAboveHullEv())));
        }
        if (total > rows.size()) {
            b.append('\n')
                    .append(total - rows.size())
                    .append(
                            " more pre-screened candidates not listed (the table lists every harvested one and the first ")
                    .append("others; the store has them all).\n");
        }
        return b.append('\n').toString();
    }

    /** Predicted against DFT: formation energy and energy above the hull, with the y = x line. */
    static XYChart parityChart(List<PredictionAccuracy.Pair> pairs) {
        XYChart c = new XYChartBuilder()
                .width(800)
                .height(700)
                .title("Pre-screen: CGCNN prediction vs DFT")
                .xAxisTitle("DFT (eV/atom)")
                .yAxisTitle("Predicted (eV/atom)")
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        List<Double> hx = new ArrayList<>();
        List<Double> hy = new ArrayList<>();
        for (PredictionAccuracy.Pair p : pairs) {
            fx.add(p.dftFormationEnergy());
            fy.add(p.predictedFormationEnergy());
            if (Double.isFinite(p.dftEAboveHull()) && Double.isFinite(p.predictedEAboveHull())) {
                hx.add(p.dftEAboveHull());
                hy.add(p.predictedEAboveHull());
            }
        }
        for (List<Double> l : List.of(fx, fy, hx, hy)) {
            for (double v : l) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double pad = Math.max(0.1, 0.05 * (hi - lo));
        XYSeries f = c.addSeries("formation energy", fx, fy);
        f.setMarker(SeriesMarkers.CIRCLE);
        f.setMarkerColor(new Color(70, 120, 200));
        if (!hx.isEmpty()) {
            XYSeries h = c.addSeries("energy above hull", hx, hy);
            h.setMarker(SeriesMarkers.DIAMOND);
            h.setMarkerColor(new Color(220, 120, 40));
        }
        XYSeries line = c.addSeries("y = x", new double[] {lo - pad, hi + pad}, new double[] {lo - pad, hi + pad});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.GRAY);
        return c;
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "";
    }
}
