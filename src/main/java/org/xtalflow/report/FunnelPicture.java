package org.xtalflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws a {@link PipelineFunnel} as a funnel: one centred horizontal bar per stage, in pipeline
 * order from the top, its width the count left after the stage, with the count and the share
 * left written on it, bands joining one bar to the next (what flows on), and on the right what
 * the stage rejected, largest reasons first. Widths are on a log scale when the survivors are
 * under a tenth of the base (a linear funnel would hide them), linear otherwise; the subtitle
 * says which. Plain Java2D into a PNG (headless).
 */
public final class FunnelPicture {

    private static final int WIDTH = 1250;
    private static final int ROW = 46;
    private static final int BAR = 30;
    private static final int LABEL_W = 150;
    private static final int FUNNEL_W = 640;
    private static final int TOP = 86;
    /** Pixels kept free at the right edge. */
    private static final int MARGIN = 12;

    private static final Color FLOW = new Color(0x2b6cb0);
    private static final Color BAND = new Color(0x2b6cb0, false).brighter();
    private static final Color LOST = new Color(0xb83232);
    private static final Color GRID = new Color(0xdddddd);

    private FunnelPicture() {}

    /** True when widths are drawn on a log scale (survivors under 10% of the base). */
    public static boolean logScale(PipelineFunnel f) {
        long base = f.base();
        return base > 0 && (double) f.survivors() / base < 0.1;
    }

    /** Writes the picture as PNG; returns false (writing nothing) for a funnel without stages. */
    public static boolean write(PipelineFunnel f, String title, Path png) throws IOException {
        if (f.stages().isEmpty()) {
            return false;
        }
        BufferedImage img = render(f, title);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(img, "png", png.toFile());
        return true;
    }

    /** The picture as PNG bytes (for a web page). */
    public static byte[] png(PipelineFunnel f, String title) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(render(f, title), "png", out);
        return out.toByteArray();
    }

    static BufferedImage render(PipelineFunnel f, String title) {
        List<PipelineFunnel.Stage> stages = f.stages();
        int height = TOP + stages.size() * ROW + 40;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            boolean log = logScale(f);
            long max = 1;
            for (PipelineFunnel.Stage s : stages) {
                max = Math.max(max, Math.max(s.in(), s.out()));
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString(title, 20, 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.setColor(Color.DARK_GRAY);
            g.drawString(
                    String.format(
                            Locale.ROOT,
                            "%s: %,d structures → %,d left; bar width = count left after the stage (%s)",
                            f.scope(),
                            f.base(),
                            f.survivors(),
                            log ? "log scale: survivors are under 10% of the structures" : "linear scale"),
                    20,
                    56);
            int centre = LABEL_W + 20 + FUNNEL_W / 2;
            int[] half = new int[stages.size()];
            for (int i = 0; i < stages.size(); i++) {
                half[i] = halfWidth(stages.get(i).out(), max, log);
            }
            // bands first, so the bars sit on top of them
            for (int i = 0; i + 1 < stages.size(); i++) {
                int y0 = TOP + i * ROW + BAR;
                int y1 = TOP + (i + 1) * ROW;
                g.setColor(new Color(BAND.getRed(), BAND.getGreen(), BAND.getBlue(), 70));
                g.fill(new Polygon(
                        new int[] {centre - half[i], centre + half[i], centre + half[i + 1], centre - half[i + 1]},
                        new int[] {y0, y0, y1, y1},
                        4));
            }
            Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
            Font count = new Font(Font.SANS_SERIF, Font.BOLD, 14);
            Font lost = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
            for (int i = 0; i < stages.size(); i++) {
                PipelineFunnel.Stage s = stages.get(i);
                int y = TOP + i * ROW;
                g.setColor(GRID);
                g.drawLine(LABEL_W + 20, y + BAR / 2, LABEL_W + 20 + FUNNEL_W, y + BAR / 2);
                g.setColor(FLOW);
                g.fillRect(centre - half[i], y, 2 * half[i], BAR);
                g.setFont(label);
                g.setColor(Color.BLACK);
                FontMetrics fm = g.getFontMetrics();
                g.drawString(s.name(), LABEL_W + 8 - fm.stringWidth(s.name()), y + BAR / 2 + fm.getAscent() / 2 - 2);
                double share = f.shareLeft(s);
                String text = String.format(Locale.ROOT, "%,d", s.out())
                        + (Double.isNaN(share) ? "" : "  (" + PipelineFunnel.percent(share) + ")")
                        + (s.expansion()
                                ? "  ×"
                                        + String.format(
                                                Locale.ROOT, "%.0f", s.in() == 0 ? 0.0 : (double) s.out() / s.in())
                                : "")
                        + (s.pending() > 0 ? String.format(Locale.ROOT, "  %,d pending", s.pending()) : "");
                g.setFont(count);
                fm = g.getFontMetrics();
                int tw = fm.stringWidth(text);
                int ty = y + BAR / 2 + fm.getAscent() / 2 - 2;
                if (tw + 16 < 2 * half[i]) {
                    g.setColor(Color.WHITE);
                    g.drawString(text, centre - tw / 2, ty);
                } else {
                    g.setColor(Color.BLACK);
                    g.drawString(text, centre + half[i] + 8, ty);
                }
                if (s.rejected() > 0) {
                    g.setFont(lost);
                    g.setColor(LOST);
                    int x = LABEL_W + 40 + FUNNEL_W;
                    g.drawString(lostText(s, g.getFontMetrics(), WIDTH - MARGIN - x), x, ty);
                }
            }
            g.setStroke(new BasicStroke(1));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Half the bar width in pixels; at least 2 px for a non-zero count. */
    static int halfWidth(long count, long max, boolean log) {
        if (count <= 0) {
            return 0;
        }
        double f = log ? Math.log10(count + 1) / Math.log10(max + 1) : (double) count / max;
        return Math.max(2, (int) Math.round(f * FUNNEL_W / 2.0));
    }

    /**
     * What a stage rejected, largest reasons first (at most three), in at most {@code maxWidth}
     * pixels: reasons that do not fit are counted as "N more" rather than cut off at the edge
     * (report.md has them all).
     */
    static String lostText(PipelineFunnel.Stage s, FontMetrics fm, int maxWidth) {
        List<Map.Entry<String, Long>> rs = new ArrayList<>(s.reasons().entrySet());
        rs.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        String lost = String.format(Locale.ROOT, "−%,d", s.rejected());
        for (int shown = Math.min(3, rs.size()); shown > 0; shown--) {
            String text = lostText(lost, rs, shown);
            if (fm.stringWidth(text) <= maxWidth) {
                return text;
            }
        }
        return lost + (rs.size() == 1 ? " (1 reason)" : String.format(Locale.ROOT, " (%d reasons)", rs.size()));
    }

    private static String lostText(String lost, List<Map.Entry<String, Long>> rs, int shown) {
        if (rs.size() == 1) {
            return lost + ' ' + rs.get(0).getKey();
        }
        StringBuilder b = new StringBuilder(lost);
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? ": " : ", ")
                    .append(rs.get(i).getKey())
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%,d", rs.get(i).getValue()));
        }
        if (shown < rs.size()) {
            b.append(String.format(Locale.ROOT, ", %d more", rs.size() - shown));
        }
        return b.toString();
    }
}
