package org.xtalflow.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes an XChart chart as PNG or SVG, chosen by the file's extension. */
public final class ChartFiles {

    private ChartFiles() {}

    /** True for names ending in .png or .svg (case-insensitive). */
    public static boolean supported(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".svg");
    }

    public static void save(Chart<?, ?> chart, Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (n.endsWith(".png")) {
            // 150 dpi: a 900 px wide chart becomes 1875 px, sharp on screens and in slides
            BitmapEncoder.saveBitmapWithDPI(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG, 150);
            return;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            if (n.endsWith(".svg")) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } else {
                throw new IllegalArgumentException("plot file must end in .png or .svg: " + file);
            }
        }
    }
}
