package org.xtalflow.vasp.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.io.InputLimitException;
import org.xtalflow.testing.ChildJvm;
import org.xtalflow.testing.SharedData;

/**
 * The VASP readers' bounds (issue 17): a gzip bomb with a 3 GB text node or a 3 GB line is refused
 * with a typed error naming the file, the line and the limit, by a reader in a JVM of 256 MiB heap
 * (before: OutOfMemoryError with 5.2 GB resident). The bomb files are made here, never committed.
 */
class VaspReadLimitsTest {

    private static final long THREE_GB = 3L << 30;

    @TempDir
    Path dir;

    /** Writes head, then {@code zeros} bytes of '0', then tail, gzipped (3 GB of zeros is ~3 MB). */
    private Path gzBomb(String name, String head, long zeros, String tail) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) '0');
            for (long left = zeros; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.write(tail.getBytes(StandardCharsets.US_ASCII));
        }
        return f;
    }

    @Test
    void vasprunWithA3GbTextNodeIsRefusedWithin256MiB() throws Exception {
        Path bomb = gzBomb(
                "vasprun.xml.gz",
                "<?xml version=\"1.0\"?>\n<modeling>\n <generator>\n" + "  <i name=\"program\" type=\"string\">",
                THREE_GB,
                "</i>\n </generator>\n</modeling>\n");
        assertThat(Files.size(bomb)).isLessThan(20L << 20);
        ChildJvm.Result r = ChildJvm.run("256m", ReadProbe.class, "vasprun", bomb.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("REFUSED xtalflow.vasp.max_text_chars: " + bomb + ":4: ")
                .contains("an XML text node longer than 1048576 characters")
                .doesNotContain("OutOfMemoryError")
                .doesNotContain("\tat ");
    }

    @Test
    void outcarWithA3GbLineIsRefusedWithin256MiB() throws Exception {
        Path bomb = gzBomb("OUTCAR.gz", " vasp.6.3.0 18Jan22 (build Feb 01 2022) complex\n\n", THREE_GB, "\n");
        ChildJvm.Result r = ChildJvm.run("256m", ReadProbe.class, "outcar", bomb.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("REFUSED xtalflow.vasp.max_line_chars: " + bomb + ":3: line longer than")
                .doesNotContain("OutOfMemoryError");
    }

    @Test
    void oszicarWithAnOverlongLineIsRefused() {
        byte[] b = ("   1 F= -.1E+02 E0= -.1E+02  d E =0.0\n" + "7".repeat(2 << 20) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Oszicar.read(new ByteArrayInputStream(b), "OSZICAR"))
                .isInstanceOf(InputLimitException.class)
                .hasMessageStartingWith("OSZICAR:2: line longer than 1048576 characters")
                .hasMessageContaining("xtalflow.vasp.max_line_chars");
    }

    @Test
    void oszicarWithTooManyIonicStepsIsRefused() {
        String key = "xtalflow.vasp.max_ionic_steps";
        System.setProperty(key, "3");
        try {
            String steps = "   1 F= -.1E+02 E0= -.1E+02  d E =0.0\n".repeat(4);
            assertThatThrownBy(() -> Oszicar.read(
                            new ByteArrayInputStream(steps.getBytes(StandardCharsets.US_ASCII)), "OSZICAR"))
                    .isInstanceOf(InputLimitException.class)
                    .hasMessage("OSZICAR:4: more than 3 ionic steps (limit xtalflow.vasp.max_ionic_steps = 3)");
        } finally {
            System.clearProperty(key);
        }
        assertThat(VaspReadLimits.defaults().maxIonicSteps()).isEqualTo(2_000_000);
    }

    @Test
    void deepNestingAndTooManyElementsAreRefused() {
        String deep = "<modeling>" + "<a>".repeat(100) + "</a>".repeat(100) + "</modeling>";
        assertThatThrownBy(() -> Vasprun.read(
                        new ByteArrayInputStream(deep.getBytes(StandardCharsets.US_ASCII)), "deep.xml", true))
                .isInstanceOf(InputLimitException.class)
                .hasMessageStartingWith("deep.xml:1: XML nested deeper than 64 levels")
                .satisfies(e -> assertThat(((InputLimitException) e).limit()).isEqualTo("xtalflow.vasp.max_depth"));

        VaspReadLimits few = new VaspReadLimits(1L << 40, 1 << 20, 1000, 64, 1 << 20);
        byte[] real = etest1();
        assertThatThrownBy(() -> Vasprun.read(new ByteArrayInputStream(real), "etest1.xml", true, few))
                .isInstanceOf(InputLimitException.class)
                .hasMessageContaining("more than 1000 XML elements (limit xtalflow.vasp.max_elements = 1000)");
    }

    @Test
    void inflatedSizeIsCappedAndTheRealFileReadsUnderTheDefaults() {
        byte[] real = etest1();
        VaspReadLimits small = new VaspReadLimits(10_000, 1 << 20, 1L << 40, 64, 1 << 20);
        assertThatThrownBy(() -> Vasprun.read(new ByteArrayInputStream(real), "etest1.xml", true, small))
                .isInstanceOf(InputLimitException.class)
                .hasMessageContaining("etest1.xml: more than 10000 bytes (after decompression)")
                .hasMessageContaining("xtalflow.vasp.max_bytes");
        Vasprun v = Vasprun.read(new ByteArrayInputStream(real), "etest1.xml", false);
        assertThat(v.nIonicSteps()).isPositive();
    }

    @Test
    void limitsCanBeSetWithSystemProperties() {
        String key = "xtalflow.vasp.max_text_chars";
        String old = System.getProperty(key);
        System.setProperty(key, "12");
        try {
            assertThat(VaspReadLimits.defaults().maxTextChars()).isEqualTo(12);
            assertThatThrownBy(() -> Vasprun.read(new ByteArrayInputStream(etest1()), "etest1.xml", false))
                    .isInstanceOf(InputLimitException.class)
                    .hasMessageContaining("longer than 12 characters");
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    private static byte[] etest1() {
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(SharedData.path("vasp_outputs", "outputs", "vasprun.etest1.xml.gz")))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
