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
