package org.xtalflow.vasp.outputs;

import java.io.IOException;
import java.io.Reader;
import org.xtalflow.crystal.io.InputLimitException;

/**
 * Line reader with a cap on the length of one line: {@code BufferedReader.readLine} would build a
 * 3 GB line of a corrupt OUTCAR in memory before anyone could look at it. Lines end at \n, \r\n or
 * \r, as in BufferedReader; the count of lines read is kept for messages.
 */
final class BoundedLines {
    private final Reader in;
    private final String file;
    private final int maxChars;
    /** BufferedReader's default size: a larger one costs more to allocate than it saves per file. */
    private final char[] buf = new char[8192];

    private int pos;
    private int end;
    private int lineNumber;
    private final StringBuilder line = new StringBuilder(256);

    BoundedLines(Reader in, String file, int maxChars) {
        this.in = in;
        this.file = file;
        this.maxChars = maxChars;
    }

    /** 1-based number of the last line returned. */
    int lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end of the input. */
    String readLine() throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return null;
                    }
                    lineNumber++;
                    return line.toString();
                }
            }
            any = true;
            int start = pos;
            while (pos < end) {
                char c = buf[pos];
                if (c == '\n' || c == '\r') {
                    append(start, pos);
                    pos++;
                    if (c == '\r') {
                        skipLf();
                    }
                    lineNumber++;
                    return line.toString();
                }
                pos++;
            }
            append(start, pos);
        }
    }

    private void skipLf() throws IOException {
        if (pos == end) {
            end = in.read(buf, 0, buf.length);
            pos = 0;
            if (end <= 0) {
                end = 0;
                return;
            }
        }
        if (buf[pos] == '\n') {
            pos++;
        }
    }

    private void append(int from, int to) {
        if (line.length() + (to - from) > maxChars) {
            throw new InputLimitException(
                    file,
                    lineNumber + 1,
                    "line longer than " + maxChars + " characters",
                    "xtalflow.vasp.max_line_chars",
                    maxChars);
        }
        line.append(buf, from, to - from);
    }
}
