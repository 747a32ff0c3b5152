package org.xtalflow.vasp.inputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.crystal.io.BadInputException;

/**
 * A text template with {@code ${name}} placeholders, substituted strictly: every placeholder must
 * have a value (an unknown one is an error naming file, line and the known names) and {@code $$}
 * writes a literal {@code $} (so shell variables are written {@code $${SLURM_JOB_ID}} or {@code $VAR}).
 */
public final class Template {

    private static final Pattern TOKEN = Pattern.compile("\\$\\$|\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String source;
    private final String text;

    public Template(String source, String text) {
        this.source = source;
        this.text = text;
        // malformed names fail at load time, not at the first render
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group(1) != null && !NAME.matcher(m.group(1)).matches()) {
                throw new BadInputException(source, lineOf(m.start()), "malformed placeholder '${" + m.group(1) + "}'");
            }
        }
    }

    /** Reads a template file; an unreadable or missing file is a BadInputException naming it. */
    public static Template load(Path file) {
        try {
            return new Template(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(file.toString(), 0, "cannot read template: " + e, e);
        }
    }

    public String source() {
        return source;
    }

    /** The placeholder names used, in order of first use. */
    public Set<String> placeholders() {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    public String render(Map<String, String> values) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder sb = new StringBuilder(text.length() + 256);
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name == null) {
                replacement = "$";
            } else {
                replacement = values.get(name);
                if (replacement == null) {
                    throw new BadInputException(
                            source,
                            lineOf(m.start()),
                            "unknown placeholder ${" + name + "}; known: " + new TreeSet<>(values.keySet())
                                    + " (write $$ for a literal $)");
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
