package org.xtalflow.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** UTF-8 checked where an XML document is UTF-8, and only there. */
class Utf8XmlInputStreamTest {

    private static byte[] read(byte[] doc) throws Exception {
        try (InputStream in = Utf8XmlInputStream.of(new ByteArrayInputStream(doc), "doc.xml")) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String prefix, int... tail) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(p, p.length + tail.length);
        for (int i = 0; i < tail.length; i++) {
            out[p.length + i] = (byte) tail[i];
        }
        return out;
    }

    @Test
    void wellFormedUtf8AndOtherEncodingsPassUnchanged() throws Exception {
        byte[] utf8 = "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>é € 𝄞 Zürich</a>".getBytes(StandardCharsets.UTF_8);
        assertThat(read(utf8)).isEqualTo(utf8);
        byte[] bare = "<a>é € 𝄞</a>".getBytes(StandardCharsets.UTF_8);
        assertThat(read(bare)).isEqualTo(bare);
        byte[] latin1 =
                "<?xml version='1.0' encoding='ISO-8859-1'?><a>Zürich</a>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(read(latin1)).isEqualTo(latin1); // VASP's declaration: the parser decodes it
        byte[] utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>".getBytes(StandardCharsets.UTF_16);
        assertThat(read(utf16)).isEqualTo(utf16);
        assertThat(read(new byte[0])).isEmpty();
        // bytes split across reads are checked as one character
        byte[] big = ("<a>" + "€".repeat(10_000) + "</a>").getBytes(StandardCharsets.UTF_8);
        assertThat(read(big)).isEqualTo(big);
    }

    @Test
    void illFormedUtf8IsRefusedWithItsOffset() {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>";
        int at = head.length();
        int[][] bad = {
            {0xE9, 'x'}, // Latin-1 é
            {0x80}, // a continuation byte alone
            {0xC0, 0xAF}, // overlong '/'
            {0xE0, 0x80, 0xAF}, // overlong, 3 bytes
            {0xED, 0xA0, 0x80}, // a surrogate
            {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
            {0xF8, 0x88, 0x80, 0x80, 0x80}, // 5-byte form
            {0xE2, 0x82}, // ends inside a character
        };
        for (int[] b : bad) {
            assertThatThrownBy(() -> read(bytes(head, b)))
                    .as(java.util.Arrays.toString(b))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("doc.xml")
                    .hasMessageContaining("not valid UTF-8 at byte offset ")
                    .hasMessageContaining("declares or defaults to UTF-8");
        }
        // Latin-1 "é" then "x": 0xE9 opens a 3-byte character, the "x" after it is the byte refused
        assertThatThrownBy(() -> read(bytes(head, 0xE9, 'x')))
                .hasMessageContaining("at byte offset " + (at + 1) + " (byte 0x78 is not a valid continuation byte)");
        assertThatThrownBy(() -> read(bytes(head, 0xFC)))
                .hasMessageContaining("at byte offset " + at + " (byte 0xFC cannot start a character)");
        assertThatThrownBy(() -> read(bytes("<a>", 0xC3))).hasMessageContaining("ends inside a multi-byte character");
    }
}
