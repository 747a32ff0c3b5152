package org.xtalflow.crystal.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The bytes of an XML document checked as well-formed UTF-8 on their way to the parser, when the
 * document is UTF-8 (declared so, or without an encoding declaration and without a UTF-16 byte
 * order mark). Why: the JDK's StAX parser prints "[Fatal Error] :-1:-1: Invalid byte 2 of 3-byte
 * UTF-8 sequence." on stderr before it throws, for a file that is not the UTF-8 it says it is;
 * this stream throws first, a {@link BadInputException} naming the file and byte offset, and
 * nothing is printed. A document declaring another encoding (VASP writes
 * ISO-8859-1) passes unchecked: the parser decodes it. Well-formed means the Unicode standard's
 * table 3-7: no stray continuation bytes, no overlong forms, no surrogates, nothing above U+10FFFF.
 */
public final class Utf8XmlInputStream extends FilterInputStream {

    /** How much of the start is read to find the XML declaration. */
    private static final int PROLOGUE = 256;

    private final String file;
    private long offset;
    /** Continuation bytes still expected, and the allowed range of the next one. */
    private int pending;

    private int lo = 0x80;
    private int hi = 0xBF;

    private Utf8XmlInputStream(InputStream in, String file) {
        super(in);
        this.file = file;
    }

    /**
     * {@code in} (buffered) when the document is not UTF-8, else {@code in} checked as it is read.
     *
     * @throws UncheckedIOException when its first bytes cannot be read
     */
    public static InputStream of(InputStream in, String file) {
        BufferedInputStream b = new BufferedInputStream(in, 8192);
        try {
            b.mark(PROLOGUE);
            byte[] head = b.readNBytes(PROLOGUE);
            b.reset();
            return isUtf8(head) ? new Utf8XmlInputStream(b, file) : b;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static boolean isUtf8(byte[] head) {
        if (head.length >= 2) {
            int b0 = head[0] & 0xFF;
            int b1 = head[1] & 0xFF;
            if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE) || b0 == 0 || b1 == 0) {
                return false; // UTF-16 (or 32): the parser detects it
            }
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int start = text.startsWith("\uFEFF") ? 1 : text.startsWith("\u00EF\u00BB\u00BF") ? 3 : 0;
        if (!text.startsWith("<?xml", start)) {
            return true; // no declaration: UTF-8 by the XML specification
        }
        int end = text.indexOf("?>", start);
        String decl = end < 0 ? text.substring(start) : text.substring(start, end);
        int at = decl.indexOf("encoding");
        if (at < 0) {
            return true;
        }
        int q = at + "encoding".length();
        while (q < decl.length() && (decl.charAt(q) == ' ' || decl.charAt(q) == '=' || decl.charAt(q) == '\t')) {
            q++;
        }
        if (q >= decl.length() || (decl.charAt(q) != '"' && decl.charAt(q) != '\'')) {
            return true; // a broken declaration: the parser says so; check the bytes anyway
        }
        int close = decl.indexOf(decl.charAt(q), q + 1);
        String name = close < 0 ? decl.substring(q + 1) : decl.substring(q + 1, close);
        String n = name.trim().toUpperCase(Locale.ROOT);
        return n.equals("UTF-8") || n.equals("UTF8");
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            check(b);
        } else if (pending > 0) {
            throw bad("the file ends inside a multi-byte character");
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0 && pending > 0) {
            throw bad("the file ends inside a multi-byte character");
        }
        for (int i = off; i < off + n; i++) {
            int b = buf[i];
            if (b >= 0 && pending == 0) {
                offset++; // ASCII: the common case
            } else {
                check(b & 0xFF);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // every byte must be seen: skipping reads through the check
        byte[] sink = new byte[(int) Math.min(8192, Math.max(0, n))];
        long done = 0;
        while (done < n) {
            int k = read(sink, 0, (int) Math.min(sink.length, n - done));
            if (k < 0) {
                break;
            }
            done += k;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(int b) throws IOException {
        if (pending > 0) {
            if (b < lo || b > hi) {
                throw bad(String.format(Locale.ROOT, "byte 0x%02X is not a valid continuation byte", b));
            }
            pending--;
            lo = 0x80;
            hi = 0xBF;
        } else if (b >= 0x80) {
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
                lo = b == 0xE0 ? 0xA0 : 0x80; // no overlong form
                hi = b == 0xED ? 0x9F : 0xBF; // no surrogate
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
                lo = b == 0xF0 ? 0x90 : 0x80;
                hi = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            } else {
                throw bad(String.format(Locale.ROOT, "byte 0x%02X cannot start a character", b));
            }
        }
        offset++;
    }

    private BadInputException bad(String what) {
        return new BadInputException(
                file,
                0,
                "not valid UTF-8 at byte offset " + offset + " (" + what
                        + "), though the file declares or defaults to UTF-8");
    }
}
