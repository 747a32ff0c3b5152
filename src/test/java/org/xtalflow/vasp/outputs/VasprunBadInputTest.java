package org.xtalflow.vasp.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.testing.SharedData;

/** Truncated, garbled, empty, hostile and overflowed input: clear errors or NaN, never a crash. */
class VasprunBadInputTest {

    static byte[] etest1;
    static Vasprun full;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(SharedData.path("vasp_outputs", "outputs", "vasprun.etest1.xml.gz")))) {
            etest1 = in.readAllBytes();
        }
        full = Vasprun.read(new ByteArrayInputStream(etest1), "etest1", false);
    }

    static Vasprun parse(byte[] b, boolean lenient) {
        return Vasprun.read(new ByteArrayInputStream(b), "x.xml", lenient);
    }

    /** Cut the real file at many points: strict always fails naming a line; lenient keeps a prefix of the steps. */
    @Test
    void truncatedAnywhereFailsStrictlyAndLenientlyKeepsCompleteSteps() {
        int lenientOk = 0;
        for (int cut = 0; cut < etest1.length; cut += 997) {
            byte[] part = Arrays.copyOf(etest1, cut);
            assertThatThrownBy(() -> parse(part, false))
                    .as("cut at " + cut)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("x.xml:");
            try {
                Vasprun v = parse(part, true);
                lenientOk++;
                assertThat(v.isComplete()).isFalse();
                assertThat(v.nIonicSteps()).isBetween(1, full.nIonicSteps());
                IonicStep last = v.ionicSteps().get(v.nIonicSteps() - 1);
                assertThat(last).isEqualTo(full.ionicSteps().get(v.nIonicSteps() - 1));
                assertThat(v.finalEnergy()).isEqualTo(last.energy());
            } catch (BadInputException e) {
                assertThat(e.getMessage()).contains("no complete ionic step");
                assertThat(e.line()).isPositive();
            }
        }
        assertThat(lenientOk).isGreaterThan(10);
    }

    @Test
    void emptyGarbageAndForeignXmlAreRefusedClearly(@TempDir Path tmp) throws Exception {
        for (boolean lenient : List.of(false, true)) {
            assertThatThrownBy(() -> parse(new byte[0], lenient))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("x.xml");
            assertThatThrownBy(() ->
                            parse("this is no xml at all\n\u0000\u0001".getBytes(StandardCharsets.UTF_8), lenient))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("x.xml:1:");
            assertThatThrownBy(() -> parse(
                            "<?xml version=\"1.0\"?>\n<html><body/></html>".getBytes(StandardCharsets.UTF_8), lenient))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("not a vasprun.xml");
            assertThatThrownBy(
                            () -> parse("<modeling><generator/></modeling>".getBytes(StandardCharsets.UTF_8), lenient))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("atominfo");
        }
        Path missing = tmp.resolve("nope.xml");
        assertThatThrownBy(() -> Vasprun.read(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("nope.xml")
                .hasMessageContaining("not found");
    }

    @Test
    void externalEntitiesAreNeverResolved(@TempDir Path tmp) throws Exception {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOPSECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE modeling [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<modeling><generator><i name=\"version\" type=\"string\">&x;</i></generator></modeling>";
        assertThatThrownBy(() -> parse(xml.getBytes(StandardCharsets.UTF_8), false))
                .isInstanceOf(BadInputException.class)
                .message()
                .doesNotContain("TOPSECRET");
    }

    @Test
    void overflowedNumbersReadAsNaN() {
        String s = new String(etest1, StandardCharsets.ISO_8859_1);
        // the last ionic step's e_fr_energy and the Fermi energy overflow
        int calc = s.lastIndexOf("<calculation>");
        int fr = s.lastIndexOf("<i name=\"e_fr_energy\">");
        assertThat(fr).isGreaterThan(calc);
        int end = s.indexOf("</i>", fr);
        String t = s.substring(0, fr) + "<i name=\"e_fr_energy\"> ************** " + s.substring(end);
        t = t.replaceFirst("<i name=\"efermi\">[^<]*</i>", "<i name=\"efermi\"> ********* </i>");
        Vasprun v = parse(t.getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(v.eFrEnergy()).isNaN();
        assertThat(v.efermi()).isEmpty();
        assertThat(v.nIonicSteps()).isEqualTo(full.nIonicSteps());
        // an overflow in an energy is a number, a word is not
        String bad = s.substring(0, fr) + "<i name=\"e_fr_energy\"> banana </i>" + s.substring(end);
        assertThatThrownBy(() -> parse(bad.getBytes(StandardCharsets.ISO_8859_1), true))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("banana")
                .satisfies(e -> assertThat(((BadInputException) e).line()).isPositive());
    }

    @Test
    void truncatedGzipStreamIsATruncation(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(etest1);
        }
        byte[] whole = bos.toByteArray();
        Path cut = tmp.resolve("vasprun.xml.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3));
        assertThatThrownBy(() -> Vasprun.read(cut))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("vasprun.xml.gz");
        Vasprun v = Vasprun.read(cut, true);
        assertThat(v.isComplete()).isFalse();
        assertThat(v.nIonicSteps()).isBetween(1, full.nIonicSteps() - 1);
        // the same file whole reads complete, gz detected by content whatever the name
        Path renamed = tmp.resolve("vasprun_no_suffix");
        Files.write(renamed, whole);
        assertThat(Vasprun.read(renamed).finalEnergy()).isEqualTo(full.finalEnergy());
    }

    @Test
    void structureWithWrongAtomCountIsRefused() {
        String s = new String(etest1, StandardCharsets.ISO_8859_1);
        int p = s.indexOf("<varray name=\"positions\" >");
        assertThat(p).isPositive();
        int v = s.indexOf("<v>", p);
        String t = s.substring(0, v) + "<v> 0.5 0.5 0.5 </v>\n" + s.substring(v);
        assertThatThrownBy(() -> parse(t.getBytes(StandardCharsets.ISO_8859_1), true))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("2 positions")
                .hasMessageContaining("1 atoms");
    }

    /**
     * The real file declared UTF-8 but holding a Latin-1 byte: a typed error naming the byte
     * offset, and nothing on stderr (the JDK's parser printed "[Fatal Error] ..." before). The same
     * byte under VASP's own ISO-8859-1 declaration is a character like any other.
     */
    @Test
    void aFileThatIsNotTheUtf8ItDeclaresIsRefusedWithNothingPrinted() throws Exception {
        String text = new String(etest1, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
        int at = text.indexOf("<generator>");
        String latin1 = text.substring(0, at) + "<!-- Zürich -->" + text.substring(at);
        byte[] declaredUtf8 = latin1.replaceFirst("ISO-8859-1", "UTF-8").getBytes(StandardCharsets.ISO_8859_1);
        int offset = latin1.replaceFirst("ISO-8859-1", "UTF-8").indexOf('ü');

        java.io.PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> parse(declaredUtf8, false))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("x.xml")
                    .hasMessageContaining("not valid UTF-8 at byte offset " + offset);
            assertThatThrownBy(() -> parse(declaredUtf8, true)).isInstanceOf(BadInputException.class);
        } finally {
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();

        Vasprun asVaspWritesIt = parse(latin1.getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(asVaspWritesIt.finalEnergy()).isEqualTo(full.finalEnergy());
        // the comment as well-formed UTF-8 under a UTF-8 declaration reads too
        byte[] utf8 = latin1.replaceFirst("ISO-8859-1", "UTF-8").getBytes(StandardCharsets.UTF_8);
        assertThat(parse(utf8, false).finalEnergy()).isEqualTo(full.finalEnergy());
    }
}
