package org.xtalflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.PhaseDiagram;

/**
 * The hull diagram of a binary, ternary or quaternary system: for a quaternary, the composition
 * tetrahedron seen obliquely (a fixed parallel projection, as pymatgen's PDPlotter draws it in
 * 3D) with its edges, the tie lines between stable phases and stable phases labelled; for a
 * ternary, the composition triangle with the tie lines (edges of the hull facets, projected); for
 * a binary, formation energy per atom against composition with the hull line. Candidates are drawn
 * coloured by e_above_hull (eV/atom) in fixed bands.
 */
public final class HullPlot {

    /** Upper band limits in eV/atom and their colours (green on the hull to red far above). */
    static final double[] BANDS = {1e-8, 0.05, 0.1, 0.25, 0.5, Double.POSITIVE_INFINITY};

    static final String[] BAND_NAMES = {"on hull", "< 0.05 eV/atom", "0.05-0.1", "0.1-0.25", "0.25-0.5", ">= 0.5"};
    static final Color[] BAND_COLORS = {
        new Color(0, 140, 60),
        new Color(110, 190, 40),
        new Color(230, 200, 0),
        new Color(245, 140, 0),
        new Color(220, 60, 30),
        new Color(140, 0, 60)
    };
    private static final double H = Math.sqrt(3) / 2;

    private HullPlot() {}

    /** A candidate point: its entry and e_above_hull (eV/atom). */
    public record Candidate(ComputedEntry entry, double eAboveHull) {}

    /** Whether {@link #chart} draws this diagram: binary, ternary and quaternary systems. */
    public static boolean draws(PhaseDiagram pd) {
        int d = pd.elements().size();
        return d >= 2 && d <= 4;
    }

    public static XYChart chart(PhaseDiagram pd, List<Candidate> candidates) {
        int d = pd.elements().size();
        if (d == 4) {
            return quaternary(pd, candidates);
        }
        if (d == 3) {
            return ternary(pd, candidates);
        }
        if (d == 2) {
            return binary(pd, candidates);
        }
        throw new IllegalArgumentException("hull diagrams are drawn for binary, ternary and quaternary systems; "
                + pd.chemicalSystem() + " has " + d + " elements (use --json or --histograms instead)");
    }

    public static void write(PhaseDiagram pd, List<Candidate> candidates, Path file) throws IOException {
        ChartFiles.save(chart(pd, candidates), file);
    }

    private static XYChart base(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder()
                .width(900)
                .height(820)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setAnnotationTextFontColor(Color.BLACK);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setMarkerSize(8);
        return c;
    }

    private static double[] ternaryXY(double[] f) {
        // element 0 at (0,0), element 1 at (1,0), element 2 at (1/2, sqrt(3)/2)
        return new double[] {f[1] + f[2] / 2, f[2] * H};
    }

    private static XYChart ternary(PhaseDiagram pd, List<Candidate> candidates) {
        XYChart c = base(
                pd.chemicalSystem() + " phase diagram (" + pd.stableEntries().size() + " stable phases)", null, null);
        c.getStyler().setAxisTicksVisible(false);
        c.getStyler().setAxisTitlesVisible(false);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setPlotBorderVisible(false);
        c.getStyler().setXAxisMin(-0.08).setXAxisMax(1.08).setYAxisMin(-0.08).setYAxisMax(H + 0.08);
        List<ComputedEntry> stable = pd.stableEntries();
        addTieLines(c, pd, HullPlot::ternaryXY, 1.2f);
        addCandidates(c, pd, candidates, true);
        double[][] xy = new double[stable.size()][];
        for (int i = 0; i < stable.size(); i++) {
            xy[i] = ternaryXY(pd.fractions(stable.get(i).composition()));
        }
        addStable(c, stable, xy, 0.03, true);
        return c;
    }

    // a regular tetrahedron with element 0..3 at its corners, turned 56 degrees about the vertical
    // and tipped 32 degrees towards the viewer, then projected along the line of sight: all four
    // corners stay on the outline (none hidden inside the others' triangle)
    private static final double[][] TETRAHEDRON = tetrahedron(Math.toRadians(56), Math.toRadians(32));

    private static double[][] tetrahedron(double azimuth, double elevation) {
        double[][] v = {{0, 0, 0}, {1, 0, 0}, {0.5, H, 0}, {0.5, H / 3, Math.sqrt(2.0 / 3)}};
        double[][] out = new double[4][];
        for (int i = 0; i < 4; i++) {
            double x = v[i][0] - 0.5;
            double y = v[i][1] - H / 3;
            double z = v[i][2];
            double xr = x * Math.cos(azimuth) - y * Math.sin(azimuth);
            double yr = x * Math.sin(azimuth) + y * Math.cos(azimuth);
            // screen: right = xr, up = z cos(e) + depth sin(e), depth toward the viewer = -yr
            out[i] = new double[] {xr, z * Math.cos(elevation) + yr * Math.sin(elevation)};
        }
        return out;
    }

    private static double[] tetrahedronXY(double[] f) {
        double x = 0;
        double y = 0;
        for (int i = 0; i < 4; i++) {
            x += f[i] * TETRAHEDRON[i][0];
            y += f[i] * TETRAHEDRON[i][1];
        }
        return new double[] {x, y};
    }

    private static XYChart quaternary(PhaseDiagram pd, List<Candidate> candidates) {
        XYChart c = base(
                pd.chemicalSystem() + " phase diagram (" + pd.stableEntries().size() + " stable phases)", null, null);
        c.getStyler().setAxisTicksVisible(false);
        c.getStyler().setAxisTitlesVisible(false);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setPlotBorderVisible(false);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : TETRAHEDRON) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double pad = 0.1 * Math.max(maxX - minX, maxY - minY);
        c.getStyler()
                .setXAxisMin(minX - pad)
                .setXAxisMax(maxX + pad)
                .setYAxisMin(minY - pad)
                .setYAxisMax(maxY + pad);
        int n = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                XYSeries s =
                        c.addSeries("edge" + n++, new double[] {TETRAHEDRON[i][0], TETRAHEDRON[j][0]}, new double[] {
                            TETRAHEDRON[i][1], TETRAHEDRON[j][1]
                        });
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(new Color(170, 170, 170));
                s.setLineStyle(new BasicStroke(
                        1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                s.setShowInLegend(false);
            }
        }
        List<ComputedEntry> stable = pd.stableEntries();
        addTieLines(c, pd, HullPlot::tetrahedronXY, 1.0f);
        addCandidates(c, pd, candidates, HullPlot::tetrahedronXY);
        double[][] xy = new double[stable.size()][];
        for (int i = 0; i < stable.size(); i++) {
            xy[i] = tetrahedronXY(pd.fractions(stable.get(i).composition()));
        }
        addStable(c, stable, xy, 0.03, true);
        return c;
    }

    /** Tie lines: pairs of stable phases whose midpoint lies on the hull at the pair's mean energy. */
    private static void addTieLines(
            XYChart c, PhaseDiagram pd, java.util.function.Function<double[], double[]> project, float width) {
        List<ComputedEntry> stable = pd.stableEntries();
        int n = 0;
        for (int i = 0; i < stable.size(); i++) {
            for (int j = i + 1; j < stable.size(); j++) {
                if (onHullSegment(pd, stable.get(i), stable.get(j))) {
                    double[] a = project.apply(pd.fractions(stable.get(i).composition()));
                    double[] b = project.apply(pd.fractions(stable.get(j).composition()));
                    XYSeries s = c.addSeries("tie" + n++, new double[] {a[0], b[0]}, new double[] {a[1], b[1]});
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineColor(Color.DARK_GRAY);
                    s.setLineStyle(new BasicStroke(width));
                    s.setShowInLegend(false);
                }
            }
        }
    }

    private static boolean onHullSegment(PhaseDiagram pd, ComputedEntry a, ComputedEntry b) {
        double[] fa = pd.fractions(a.composition());
        double[] fb = pd.fractions(b.composition());
        Map<Element, Double> mid = new LinkedHashMap<>();
        for (int k = 0; k < fa.length; k++) {
            mid.put(pd.elements().get(k), (fa[k] + fb[k]) / 2);
        }
        double line = (pd.formationEnergyPerAtom(a) + pd.formationEnergyPerAtom(b)) / 2;
        return pd.hullEnergyPerAtom(Composition.of(mid)) >= line - 1e-9;
    }

    private static XYChart binary(PhaseDiagram pd, List<Candidate> candidates) {
        Element a = pd.elements().get(0);
        Element b = pd.elements().get(1);
        XYChart c = base(
                pd.chemicalSystem() + " convex hull",
                "x in " + a.symbol() + "(1-x)" + b.symbol() + "(x)",
                "Formation energy (eV/atom)");
        List<ComputedEntry> stable = new ArrayList<>(pd.stableEntries());
        stable.sort((p, q) -> Double.compare(pd.fractions(p.composition())[1], pd.fractions(q.composition())[1]));
        double[] x = new double[stable.size()];
        double[] y = new double[stable.size()];
        double[][] xy = new double[stable.size()][];
        for (int i = 0; i < stable.size(); i++) {
            x[i] = pd.fractions(stable.get(i).composition())[1];
            y[i] = pd.formationEnergyPerAtom(stable.get(i));
            xy[i] = new double[] {x[i], y[i]};
        }
        XYSeries hull = c.addSeries("hull", x, y);
        hull.setMarker(SeriesMarkers.NONE);
        hull.setLineColor(Color.DARK_GRAY);
        hull.setShowInLegend(false);
        addCandidates(c, pd, candidates, false);
        double span = 0;
        for (double v : y) {
            span = Math.max(span, -v);
        }
        addStable(c, stable, xy, 0.04 * Math.max(span, 0.1), false);
        return c;
    }

    private static void addCandidates(XYChart c, PhaseDiagram pd, List<Candidate> candidates, boolean ternary) {
        addCandidates(c, pd, candidates, ternary ? HullPlot::ternaryXY : null);
    }

    /** Candidates in colour bands; {@code project} maps fractions to the plane (null: binary E_f against x). */
    private static void addCandidates(
            XYChart c,
            PhaseDiagram pd,
            List<Candidate> candidates,
            java.util.function.Function<double[], double[]> project) {
        for (int band = 0; band < BANDS.length; band++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Candidate cand : candidates) {
                double e = cand.eAboveHull();
                double lo = band == 0 ? Double.NEGATIVE_INFINITY : BANDS[band - 1];
                if (e > lo && e <= BANDS[band] || (band > 0 && e > lo && e < BANDS[band])) {
                    double[] f = pd.fractions(cand.entry().composition());
                    if (project != null) {
                        double[] p = project.apply(f);
                        xs.add(p[0]);
                        ys.add(p[1]);
                    } else {
                        xs.add(f[1]);
                        ys.add(pd.formationEnergyPerAtom(cand.entry()));
                    }
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries("E_hull " + BAND_NAMES[band] + " (" + xs.size() + ")", xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(BAND_COLORS[band]);
        }
    }

    private static void addStable(
            XYChart c, List<ComputedEntry> stable, double[][] xy, double labelOffset, boolean radial) {
        double[] x = new double[stable.size()];
        double[] y = new double[stable.size()];
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < stable.size(); i++) {
            x[i] = xy[i][0];
            y[i] = xy[i][1];
            cx += x[i] / stable.size();
            cy += y[i] / stable.size();
        }
        XYSeries s = c.addSeries("stable phases", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(Color.BLACK);
        // labels above the point, or below it for points in the lower part of the plot, pushed
        // further out while they would overlap a label already placed
        double xSpan = Math.max(1e-9, max(x) - min(x));
        List<double[]> placed = new ArrayList<>();
        for (int i = 0; i < stable.size(); i++) {
            String name = stable.get(i).name();
            double width = 0.014 * xSpan * name.length();
            // ternary: away from the centre of the stable phases; binary: above or below
            double dx = 0;
            double dy = y[i] < cy - 1e-9 ? -1 : 1;
            if (radial) {
                double vx = x[i] - cx;
                double vy = y[i] - cy;
                double len = Math.hypot(vx, vy);
                if (len > 1e-9) {
                    dx = vx / len;
                    dy = vy / len;
                }
            }
            double lx = x[i] + dx * (labelOffset + width / 2 * Math.abs(dx));
            double ly = y[i] + dy * labelOffset;
            for (int k = 0; k < 6 && overlaps(placed, lx, ly, width, labelOffset * 0.9); k++) {
                lx += dx * labelOffset;
                ly += dy * labelOffset;
            }
            placed.add(new double[] {lx, ly, width});
            c.addAnnotation(new AnnotationText(name, lx, ly, false));
        }
    }

    private static boolean overlaps(List<double[]> placed, double x, double y, double width, double height) {
        for (double[] p : placed) {
            if (Math.abs(p[0] - x) < (p[2] + width) / 2 && Math.abs(p[1] - y) < height) {
                return true;
            }
        }
        return false;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }
}
