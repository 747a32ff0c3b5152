package org.xtalflow.vasp.outputs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a large vasprun.xml from a real one by repeating its ionic-step ({@code <calculation>})
 * blocks, for benchmarks of speed and memory on files of any size. The result is well-formed
 * and reads as a run with (repeats × steps) ionic steps and the original final structure.
 */
public final class SyntheticVasprun {
    private SyntheticVasprun() {}

    /**
     * Writes target (uncompressed) from source (plain or gzipped) with at least minBytes.
     *
     * @return the number of bytes written
     */
    public static long write(Path source, Path target, long minBytes) throws IOException {
        byte[] all;
        try (InputStream in = VaspFiles.open(source)) {
            all = in.readAllBytes();
        }
        String s = new String(all, StandardCharsets.ISO_8859_1);
        int first = s.indexOf("<calculation>");
        int lastEnd = s.lastIndexOf("</calculation>");
        if (first < 0 || lastEnd < first) {
            throw new IOException(source + ": no <calculation> block to repeat");
        }
        first = s.lastIndexOf('\n', first) + 1;
        lastEnd = s.indexOf('\n', lastEnd) + 1;
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
            out.write(all, 0, first);
            written += first;
            int body = lastEnd - first;
            do {
                out.write(all, first, body);
                written += body;
            } while (written + (all.length - lastEnd) < minBytes);
            out.write(all, lastEnd, all.length - lastEnd);
            written += all.length - lastEnd;
        }
        return written;
    }
}
