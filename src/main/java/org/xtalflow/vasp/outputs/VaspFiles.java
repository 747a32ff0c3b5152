package org.xtalflow.vasp.outputs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.LimitedInputStream;

/** Opens VASP output files, transparently gunzipping (detected by the gzip magic bytes, not the name). */
public final class VaspFiles {
    private VaspFiles() {}

    private static final int BUFFER = 1 << 16;

    /** Opens with the {@link VaspReadLimits#defaults() default} cap on the decompressed size. */
    public static InputStream open(Path file) throws IOException {
        return open(file, VaspReadLimits.defaults().maxBytes());
    }

    /**
     * Opens {@code file}, gunzipping if needed; reading past {@code maxBytes} decompressed bytes
     * throws {@link org.xtalflow.crystal.io.InputLimitException}.
     */
    static InputStream open(Path file, long maxBytes) throws IOException {
        return open(file, maxBytes, "xtalflow.vasp.max_bytes");
    }

    /** As {@link #open(Path, long)}; {@code limitName} names the cap in the refusal. */
    static InputStream open(Path file, long maxBytes, String limitName) throws IOException {
        return new LimitedInputStream(openRaw(file), maxBytes, file.toString(), limitName);
    }

    private static InputStream openRaw(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
        }
        return raw;
    }

    /**
     * The whole file as text (gzipped or not), bytes read as ISO-8859-1 so that no byte of a
     * damaged output is lost; a missing or unreadable file is a {@link BadInputException}.
     */
    public static String readText(Path file) {
        return parse(file, (in, name) -> new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** A parser of one kind of VASP output from a stream; {@code name} is used in messages. */
    interface StreamParser<T> {
        T parse(InputStream in, String name) throws IOException;
    }

    /**
     * Opens {@code file} (gzipped or not) and parses it; a missing or unreadable file is a
     * {@link BadInputException} naming it.
     */
    static <T> T parse(Path file, StreamParser<T> parser) {
        String name = file.toString();
        try (InputStream in = open(file)) {
            return parser.parse(in, name);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name, 0, "file not found");
        } catch (IOException e) {
            throw new BadInputException(name, 0, "cannot read: " + e.getMessage(), e);
        }
    }
}
