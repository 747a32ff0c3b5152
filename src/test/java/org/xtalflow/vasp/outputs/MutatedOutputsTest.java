package org.xtalflow.vasp.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.testing.SharedData;

/**
 * Randomly damaged real files (seeded, reproducible): every read either succeeds or throws
 * {@link BadInputException}; no NullPointerException, NumberFormatException or the like escapes.
 */
class MutatedOutputsTest {

    private static final String[] TOKENS = {
        "<",
        ">",
        "</calculation>",
        "<calculation>",
        "*****",
        "NaN",
        "-",
        "<i name=\"e_fr_energy\">",
        "<v>",
        "</v>",
        "\n",
        "=",
        ":",
        "E0=",
        "F=",
        "  ",
        "\u00e9",
        "0"
    };

    static byte[] gunzip(String file) throws IOException {
        Path p = SharedData.path("vasp_outputs", "outputs", file);
        try (InputStream in = Files.newInputStream(p)) {
            InputStream s = file.endsWith(".gz") ? new GZIPInputStream(in) : in;
            return s.readAllBytes();
        }
    }

    static byte[] mutate(byte[] src, Random rnd) {
        String s = new String(src, StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(4)) {
                case 0 -> sb.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(40)));
                case 2 -> sb.setCharAt(at, (char) (32 + rnd.nextInt(95)));
                default -> sb.setLength(Math.max(1, at)); // truncate
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void damagedVasprunOutcarOszicarNeverCrash() throws Exception {
        byte[] vasprun = gunzip("vasprun.etest1.xml.gz");
        byte[] outcar = gunzip("OUTCAR.etest3.gz");
        byte[] oszicar = gunzip("OSZICAR");
        Random rnd = new Random(20261122L);
        List<String> escaped = new ArrayList<>();
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            byte[] v = mutate(vasprun, rnd);
            byte[] o = mutate(outcar, rnd);
            byte[] z = mutate(oszicar, rnd);
            boolean lenient = rnd.nextBoolean();
            for (int kind = 0; kind < 4; kind++) {
                try {
                    switch (kind) {
                        case 0 -> {
                            Vasprun r = Vasprun.read(new ByteArrayInputStream(v), "m.xml", lenient);
                            // touch every derived value
                            r.finalEnergy();
                            r.isConverged();
                            r.runType();
                            r.reducedFormula();
                            r.bandEdges();
                        }
                        case 1 ->
                            Outcar.read(new ByteArrayInputStream(o), "OUTCAR").finalEnergy();
                        case 3 ->
                            PartialDos.read(new ByteArrayInputStream(v), "m.xml", 0)
                                    .orbitals();
                        default ->
                            Oszicar.read(new ByteArrayInputStream(z), "OSZICAR").finalEnergy();
                    }
                    ok++;
                } catch (BadInputException e) {
                    refused++;
                    assertThat(e.getMessage()).isNotBlank();
                } catch (RuntimeException e) {
                    escaped.add("mutation " + i + " kind " + kind + ": " + e);
                }
            }
        }
        assertThat(escaped).isEmpty();
        assertThat(ok).isPositive();
        assertThat(refused).isPositive();
    }
}
