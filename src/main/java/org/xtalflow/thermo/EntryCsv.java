package org.xtalflow.thermo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.InputLimitException;

/**
 * Entries as CSV, in two layouts, chosen by the header:
 * <ul>
 *   <li>xtalflow's: {@code entry_id,formula,energy_eV,correction_eV,run_type,hubbards,potcar_symbols}
 *       (only {@code formula} and {@code energy_eV} are required; hubbards as {@code Fe=5.3;Mn=3.9},
 *       POTCAR symbols separated by spaces). Energies are totals for the formula as written.</li>
 *   <li>pymatgen's {@code EntrySet.to_csv}: {@code Name,El1,El2,...,Energy} with atom counts per
 *       element and the total energy in the last column (read as uncorrected, no parameters).</li>
 * </ul>
 */
public final class EntryCsv {

    public static final String HEADER = "entry_id,formula,energy_eV,correction_eV,run_type,hubbards,potcar_symbols";

    private EntryCsv() {}

    /**
     * Built-in cap on an entries file (JSON or CSV), 1 GiB: the whole Materials Project is far
     * smaller as CSV.
     */
    public static final long MAX_BYTES = 1L << 30;

    // set once at start by the application (limits.entries.max_bytes)
    private static volatile long maxBytes = MAX_BYTES;

    /** Entry files (JSON or CSV) larger than this are refused before reading. */
    public static long maxBytes() {
        return maxBytes;
    }

    /** Sets the cap for this process (the application does, from its configuration). */
    public static void configureMaxBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the entries file limit must be positive");
        }
        maxBytes = bytes;
    }

    public static List<ComputedEntry> read(Path file) {
        List<String> lines;
        try {
            long max = maxBytes;
            if (Files.size(file) > max) {
                throw new InputLimitException(
                        file.toString(), 0, "file is larger than " + max + " bytes", "max bytes", max);
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    public static List<ComputedEntry> parse(List<String> lines, String source) {
        int h = 0;
        while (h < lines.size() && (lines.get(h).isBlank() || lines.get(h).startsWith("#"))) {
            h++;
        }
        if (h == lines.size()) {
            throw new BadInputException(source, 0, "empty CSV: expected a header line (" + HEADER + ")");
        }
        List<String> header = split(lines.get(h).replace("\uFEFF", ""), source, h + 1);
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        boolean xtalflow = col.containsKey("formula") || col.containsKey("composition");
        if (!xtalflow && !header.get(0).trim().equalsIgnoreCase("name")) {
            throw new BadInputException(
                    source,
                    h + 1,
                    "unknown CSV header; expected \"" + HEADER + "\" or pymatgen's \"Name,<elements...>,Energy\"");
        }
        List<ComputedEntry> out = new ArrayList<>();
        for (int i = h + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = split(line, source, i + 1);
            if (f.size() != header.size()) {
                throw new BadInputException(source, i + 1, "expected " + header.size() + " fields, found " + f.size());
            }
            ComputedEntry e;
            try {
                e = xtalflow ? xtalflowRow(f, col, source, i + 1) : pymatgenRow(f, header, source, i + 1);
            } catch (IllegalArgumentException ex) {
                throw new BadInputException(source, i + 1, ex.getMessage(), ex);
            }
            String problem = e.energyProblem();
            if (problem != null) {
                throw new BadInputException(
                        source,
                        i + 1,
                        "entry " + (e.entryId() == null ? e.composition().formula() : e.entryId()) + ": " + problem);
            }
            out.add(e);
        }
        return out;
    }

    private static ComputedEntry xtalflowRow(List<String> f, Map<String, Integer> col, String source, int line) {
        String formula = get(f, col, "formula", get(f, col, "composition", null));
        String energy = get(f, col, "energy_ev", get(f, col, "energy", null));
        if (formula == null || formula.isBlank()) {
            throw new BadInputException(source, line, "missing formula");
        }
        if (energy == null || energy.isBlank()) {
            throw new BadInputException(source, line, "missing energy_eV");
        }
        ComputedEntry.Builder b =
                ComputedEntry.builder(Composition.parse(formula.trim()), number(energy, "energy_eV", source, line));
        String id = get(f, col, "entry_id", null);
        b.entryId(id == null || id.isBlank() ? null : id.trim());
        String corr = get(f, col, "correction_ev", get(f, col, "correction", null));
        if (corr != null && !corr.isBlank()) {
            b.correction(number(corr, "correction_eV", source, line));
        }
        String rt = get(f, col, "run_type", null);
        b.runType(rt == null || rt.isBlank() ? null : rt.trim());
        String hub = get(f, col, "hubbards", null);
        if (hub != null && !hub.isBlank()) {
            Map<String, Double> u = new LinkedHashMap<>();
            for (String kv : hub.split(";")) {
                String[] p = kv.split("=");
                if (p.length != 2) {
                    throw new BadInputException(source, line, "hubbards must look like Fe=5.3;Mn=3.9, got " + hub);
                }
                Element.of(p[0].trim());
                double v = number(p[1], "hubbards", source, line);
                if (v != 0) {
                    u.put(p[0].trim(), v);
                }
            }
            b.hubbards(u);
        }
        String pot = get(f, col, "potcar_symbols", null);
        if (pot != null && !pot.isBlank()) {
            b.potcarSymbols(List.of(pot.trim().split("\\s+")));
        }
        return b.build();
    }

    private static ComputedEntry pymatgenRow(List<String> f, List<String> header, String source, int line) {
        Map<Element, Double> m = new LinkedHashMap<>();
        for (int k = 1; k < header.size() - 1; k++) {
            Element el = Element.of(header.get(k).trim());
            m.put(el, number(f.get(k), el.symbol(), source, line));
        }
        double e = number(f.get(header.size() - 1), header.get(header.size() - 1), source, line);
        String name = f.get(0).trim();
        return ComputedEntry.builder(Composition.of(m), e)
                .entryId(name.isEmpty() ? null : name)
                .build();
    }

    private static String get(List<String> f, Map<String, Integer> col, String key, String dflt) {
        Integer i = col.get(key);
        return i == null ? dflt : f.get(i);
    }

    private static double number(String s, String what, String source, int line) {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(source, line, what + " is not a finite number: \"" + s + "\"");
        }
    }

    /** Splits one CSV line with RFC 4180 quoting ("a,b" and "" inside quotes). */
    static List<String> split(String line, String source, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        if (quoted) {
            throw new BadInputException(source, lineNo, "unterminated quote");
        }
        out.add(sb.toString());
        return out;
    }

    /** Writes xtalflow's CSV layout (the correction is the sum of the entry's adjustments). */
    public static void write(List<ComputedEntry> entries, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ComputedEntry e : entries) {
            sb.append(quote(e.entryId() == null ? "" : e.entryId()))
                    .append(',')
                    .append(e.composition().formula().replace(" ", ""))
                    .append(',')
                    .append(e.uncorrectedEnergy())
                    .append(',')
                    .append(e.correction())
                    .append(',')
                    .append(e.runType() == null ? "" : e.runType())
                    .append(',');
            StringBuilder hub = new StringBuilder();
            e.hubbards()
                    .forEach((k, v) -> hub.append(hub.length() > 0 ? ";" : "")
                            .append(k)
                            .append('=')
                            .append(v));
            sb.append(hub)
                    .append(',')
                    .append(String.join(" ", e.potcarSymbols()))
                    .append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Reads JSON or CSV by the file's first non-blank character. */
    public static List<ComputedEntry> readAny(Path file) {
        String head;
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buf = new char[256];
            int n = in.read(buf);
            head = n <= 0 ? "" : new String(buf, 0, n).strip().replace("\uFEFF", "");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
        if (head.isEmpty()) {
            throw new BadInputException(file.toString(), 0, "empty file: expected a JSON list of entries or a CSV");
        }
        return head.startsWith("[") || head.startsWith("{") ? EntryJson.read(file) : read(file);
    }
}
