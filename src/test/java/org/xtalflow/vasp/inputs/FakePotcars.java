package org.xtalflow.vasp.inputs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Fake POTCAR files for tests (real POTCARs are licensed and never in the repository): a header
 * line like VASP's, a TITEL, a marker naming the symbol, and VASP's closing line.
 */
final class FakePotcars {
    private FakePotcars() {}

    static String text(String symbol) {
        return "  PAW_PBE " + symbol + " 01Jan2000\n 10.0\n parameters from PSCTR are:\n   TITEL  = PAW_PBE " + symbol
                + " 01Jan2000\n   FAKE POTCAR FOR TESTS ONLY\n End of Dataset\n";
    }

    /**
     * Writes &lt;root&gt;/POT_GGA_PAW_PBE/&lt;symbol&gt;/POTCAR.Z in Unix compress format: LZW, block
     * mode, 9-bit codes LSB first. A short file never fills the 9-bit table (511 codes), so the
     * code width never changes and no padding rules apply.
     */
    static Path writeZ(Path root, String symbol) throws IOException {
        Path dir = Files.createDirectories(root.resolve("POT_GGA_PAW_PBE").resolve(symbol));
        byte[] data = text(symbol).getBytes(StandardCharsets.US_ASCII);
        java.util.Map<String, Integer> dict = new java.util.HashMap<>();
        for (int i = 0; i < 256; i++) {
            dict.put(String.valueOf((char) i), i);
        }
        int next = 257; // 256 is CLEAR in block mode
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        String w = "";
        for (byte b : data) {
            String wc = w + (char) (b & 0xff);
            if (dict.containsKey(wc)) {
                w = wc;
            } else {
                codes.add(dict.get(w));
                dict.put(wc, next++);
                w = String.valueOf((char) (b & 0xff));
            }
        }
        codes.add(dict.get(w));
        if (next > 511) {
            throw new IllegalStateException("fake POTCAR too long for the 9-bit test encoder");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x1f);
        out.write(0x9d);
        out.write(0x80 | 16);
        long acc = 0;
        int bits = 0;
        for (int code : codes) {
            acc |= (long) code << bits;
            bits += 9;
            while (bits >= 8) {
                out.write((int) (acc & 0xff));
                acc >>>= 8;
                bits -= 8;
            }
        }
        if (bits > 0) {
            out.write((int) (acc & 0xff));
        }
        return Files.write(dir.resolve("POTCAR.Z"), out.toByteArray());
    }

    /** Writes &lt;root&gt;/POT_GGA_PAW_PBE/&lt;symbol&gt;/POTCAR (or POTCAR.gz when gz). */
    static Path write(Path root, String symbol, boolean gz) throws IOException {
        Path dir = Files.createDirectories(root.resolve("POT_GGA_PAW_PBE").resolve(symbol));
        byte[] data = text(symbol).getBytes(StandardCharsets.US_ASCII);
        if (gz) {
            Path p = dir.resolve("POTCAR.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(data);
            }
            return p;
        }
        return Files.write(dir.resolve("POTCAR"), data);
    }
}
