package org.xtalflow.crystal.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CIF 1.1 text into tokens with their line numbers: bare words, quoted strings ('..' and
 * "..", closed only by a quote followed by whitespace), semicolon text fields, '#' comments.
 */
final class CifTokenizer {

    /** A token; {@code quoted} is true for quoted strings and text fields (never keywords or tags). */
    record Token(String text, int line, boolean quoted) {
        boolean isTag() {
            return !quoted && text.startsWith("_");
        }

        boolean isKeyword(String kw) {
            return !quoted && text.regionMatches(true, 0, kw, 0, kw.length());
        }
    }

    /**
     * Tokens per file: a CIF of {@link StructureFileLimits#maxSites()} sites with anisotropic
     * displacements (about 20 values a site), or a COD file with its reflection list, stays well
     * below; the cap bounds the memory of a file with millions of rows before any row is read.
     * 2,000,000 at the built-in site cap, 100 values a site above it.
     */
    static int maxTokens() {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2_000_000L, 100L * StructureFileLimits.maxSites()));
    }

    private CifTokenizer() {}

    static List<Token> tokenize(String text, String file) {
        List<Token> out = new ArrayList<>();
        // String.lines splits at \n, \r\n and \r without a regex: a regex over the whole text
        // costs a fuzzer's regex hooks time quadratic in the file (and is slower anyway)
        String[] lines = text.lines().toArray(String[]::new);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            int lineNo = i + 1;
            if (line.startsWith(";")) {
                StringBuilder sb = new StringBuilder(line.substring(1));
                int j = i + 1;
                while (j < lines.length && !lines[j].startsWith(";")) {
                    sb.append('\n').append(lines[j]);
                    j++;
                }
                if (j >= lines.length) {
                    throw new BadInputException(file, lineNo, "text field opened with ';' is never closed");
                }
                out.add(new Token(sb.toString(), lineNo, true));
                // the rest of the closing line after ';' may hold more tokens
                lines[j] = lines[j].substring(1);
                i = j;
                tokenizeLine(lines[i], i + 1, out, file);
                i++;
                continue;
            }
            tokenizeLine(line, lineNo, out, file);
            i++;
        }
        return out;
    }

    private static void tokenizeLine(String line, int lineNo, List<Token> out, String file) {
        int maxTokens = maxTokens();
        int p = 0;
        int n = line.length();
        while (p < n) {
            char c = line.charAt(p);
            if (Character.isWhitespace(c)) {
                p++;
            } else if (c == '#') {
                return;
            } else if (c == '\'' || c == '"') {
                int q = p + 1;
                while (q < n && !(line.charAt(q) == c && (q + 1 == n || Character.isWhitespace(line.charAt(q + 1))))) {
                    q++;
                }
                if (q >= n) {
                    throw new BadInputException(file, lineNo, "unterminated quoted string starting " + c);
                }
                out.add(new Token(line.substring(p + 1, q), lineNo, true));
                p = q + 1;
            } else {
                int q = p;
                while (q < n && !Character.isWhitespace(line.charAt(q))) {
                    q++;
                }
                out.add(new Token(line.substring(p, q), lineNo, false));
                p = q;
            }
            if (out.size() > maxTokens) {
                throw new InputLimitException(
                        file,
                        lineNo,
                        "more than " + maxTokens + " values (a CIF of " + StructureFileLimits.maxSites()
                                + " sites has far fewer)",
                        "max tokens",
                        maxTokens);
            }
        }
    }
}
