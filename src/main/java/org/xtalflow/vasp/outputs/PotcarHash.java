package org.xtalflow.vasp.outputs;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.crystal.io.BadInputException;

/**
 * pymatgen's POTCAR data hash ({@code PotcarSingle.get_potcar_hash}, pymatgen 2022.11.7): an md5
 * over the PSCTR parameters of each data set, so that two POTCARs with the same physics but other
 * comments hash alike. The rule, applied to the block between "parameters from PSCTR are:" and
 * "END of PSCTR-controll parameters":
 * <ol>
 *   <li>the known keywords ({@code KEY = value}, several per line separated by ';') parsed as bool,
 *       int, float, string or list of floats (unknown keywords ignored, a repeated one: the last);</li>
 *   <li>"OrbitalDescriptions": the numeric rows between "Description" and "Error from kinetic energy
 *       argument (eV)"; "RRKJ": the numbers of the lines without '=' after that, up to the END;</li>
 *   <li>keys sorted; for each, the key then its value: floats as {@code %.3f} (Python's rounding of
 *       the exact binary value), ints and booleans ("True"/"False") as written, strings without
 *       spaces, list items concatenated, a missing description column as nothing;</li>
 *   <li>md5 of that string lower-cased, UTF-8, as 32 hex digits.</li>
 * </ol>
 * The atomic configuration table is not part of the hash (pymatgen skips it).
 */
public final class PotcarHash {

    private PotcarHash() {}

    /** One data set of a POTCAR file. */
    public record Single(String header, String titel, String symbol, String hash) {}

    private static final Pattern DATASET = Pattern.compile("\\n?(\\s*.*?End of Dataset)", Pattern.DOTALL);
    private static final Pattern PSCTR =
            Pattern.compile("parameters from PSCTR are:.*?END of PSCTR-controll parameters", Pattern.DOTALL);
    private static final Pattern KEYWORD = Pattern.compile(
            "(\\S+)\\s*=\\s*(.*?)(?=;|$)", Pattern.MULTILINE | Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern DESCRIPTION =
            Pattern.compile("Description\\s*\\n(.*?)Error from kinetic energy argument \\(eV\\)", Pattern.DOTALL);
    private static final Pattern RRKJ = Pattern.compile(
            "Error from kinetic energy argument \\(eV\\)\\s*\\n(.*?)END of PSCTR-controll parameters", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("(-*[0-9.]+)");
    private static final Pattern FLOAT = Pattern.compile("^-?\\d*\\.?\\d*[eE]?-?\\d*");
    private static final Pattern INT = Pattern.compile("^-?[0-9]+");
    private static final Pattern BOOL = Pattern.compile("^\\.?([TFtf])[A-Za-z]*\\.?");

    private enum Kind {
        BOOL,
        FLOAT,
        INT,
        STRING,
        LIST
    }

    /** pymatgen's PotcarSingle.parse_functions: the keywords that enter the hash, by type. */
    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry("LULTRA", Kind.BOOL),
            Map.entry("LUNSCR", Kind.BOOL),
            Map.entry("LCOR", Kind.BOOL),
            Map.entry("LPAW", Kind.BOOL),
            Map.entry("EATOM", Kind.FLOAT),
            Map.entry("RPACOR", Kind.FLOAT),
            Map.entry("POMASS", Kind.FLOAT),
            Map.entry("ZVAL", Kind.FLOAT),
            Map.entry("RCORE", Kind.FLOAT),
            Map.entry("RWIGS", Kind.FLOAT),
            Map.entry("ENMAX", Kind.FLOAT),
            Map.entry("ENMIN", Kind.FLOAT),
            Map.entry("EMMIN", Kind.FLOAT),
            Map.entry("EAUG", Kind.FLOAT),
            Map.entry("DEXC", Kind.FLOAT),
            Map.entry("RMAX", Kind.FLOAT),
            Map.entry("RAUG", Kind.FLOAT),
            Map.entry("RDEP", Kind.FLOAT),
            Map.entry("RDEPT", Kind.FLOAT),
            Map.entry("QCUT", Kind.FLOAT),
            Map.entry("QGAM", Kind.FLOAT),
            Map.entry("RCLOC", Kind.FLOAT),
            Map.entry("IUNSCR", Kind.INT),
            Map.entry("ICORE", Kind.INT),
            Map.entry("NDATA", Kind.INT),
            Map.entry("VRHFIN", Kind.STRING),
            Map.entry("LEXCH", Kind.STRING),
            Map.entry("TITEL", Kind.STRING),
            Map.entry("STEP", Kind.LIST),
            Map.entry("RRKJ", Kind.LIST),
            Map.entry("GGA", Kind.LIST));

    /** Exchange-correlation tags pymatgen knows (LEXCH, lower case): a file may not mix them. */
    private static final Set<String> FUNCTIONAL_TAGS =
            Set.of("pe", "91", "rp", "am", "ps", "pw", "lm", "pb", "ca", "hl", "wi");

    /**
     * Decompressed POTCARs larger than this are refused: one data set is under 5 MB, so even a
     * POTCAR for ten elements stays far below (found beside a fetched vasprun.xml, it is untrusted).
     */
    static final long MAX_BYTES = 256L << 20;

    /** Reads every data set of a POTCAR file (plain or gzipped) with its hash. */
    public static List<Single> read(Path potcar) {
        String text;
        try (InputStream in = VaspFiles.open(potcar, MAX_BYTES, "POTCAR max bytes")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(potcar.toString(), 0, "cannot read POTCAR: " + e.getMessage(), e);
        }
        return parse(text, potcar.toString());
    }

    /** Every data set of a POTCAR's text; source names it in messages. */
    public static List<Single> parse(String text, String source) {
        String data = text.replace("\r\n", "\n").replace('\r', '\n'); // Python's universal newlines
        List<Single> out = new ArrayList<>();
        Set<String> functionals = new HashSet<>();
        Matcher m = DATASET.matcher(data);
        while (m.find()) {
            String single = m.group(1);
            String header = single.split("\n", -1)[0].strip();
            String where = source + " (data set " + (out.size() + 1) + ", " + header + ")";
            Map<String, Object> psctr = psctr(single, where);
            Object titel = psctr.get("TITEL");
            Object lexch = psctr.get("LEXCH");
            if (titel == null || lexch == null) {
                throw new BadInputException(where, 0, "POTCAR data set without " + (titel == null ? "TITEL" : "LEXCH"));
            }
            String[] parts = ((String) titel).split(" ", -1);
            String symbol = parts.length > 1 ? parts[1].strip() : ((String) titel).strip();
            String tag = ((String) lexch).toLowerCase(Locale.ROOT);
            functionals.add(FUNCTIONAL_TAGS.contains(tag) ? tag : "unknown");
            out.add(new Single(header, (String) titel, symbol, md5(hashString(psctr))));
        }
        if (out.isEmpty()) {
            throw new BadInputException(source, 0, "no POTCAR data set (none ends with \"End of Dataset\")");
        }
        if (functionals.size() != 1) {
            throw new BadInputException(source, 0, "POTCAR mixes exchange-correlation functionals (LEXCH)");
        }
        return out;
    }

    /** The hash of one data set's text, as pymatgen's PotcarSingle(data).get_potcar_hash(). */
    public static String hash(String singleDataSet) {
        return md5(hashString(psctr(singleDataSet.replace("\r\n", "\n").replace('\r', '\n'), "POTCAR")));
    }

    private static Map<String, Object> psctr(String single, String where) {
        Matcher block = PSCTR.matcher(single);
        if (!block.find()) {
            throw new BadInputException(
                    where, 0, "no \"parameters from PSCTR are:\" ... \"END of PSCTR-controll parameters\" block");
        }
        String lines = block.group();
        TreeMap<String, Object> psctr = new TreeMap<>(); // sorted keys, as pymatgen's dict(sorted(...))
        TreeMap<String, Object> keywords = new TreeMap<>();
        Matcher k = KEYWORD.matcher(lines);
        while (k.find()) {
            Kind kind = KEYWORDS.get(k.group(1));
            if (kind != null) {
                keywords.put(k.group(1), value(kind, k.group(2), where, k.group(1)));
            }
        }
        Matcher d = DESCRIPTION.matcher(lines);
        if (d.find()) {
            List<List<Object>> rows = new ArrayList<>();
            for (String line : d.group(1).split("\n")) {
                List<String> n = findAll(NUMBER, line);
                if (n.isEmpty()) {
                    continue;
                }
                try {
                    boolean six = n.size() > 4;
                    List<Object> row = new ArrayList<>();
                    row.add(pyInt(n.get(0)));
                    row.add(pyFloat(n.get(1)));
                    row.add(pyInt(n.get(2)));
                    row.add(pyFloat(n.get(3)));
                    row.add(six ? pyInt(n.get(4)) : null);
                    row.add(six ? pyFloat(n.get(5)) : null);
                    rows.add(row);
                } catch (RuntimeException e) {
                    throw new BadInputException(where, 0, "bad PSCTR Description row \"" + line.strip() + "\"");
                }
            }
            if (!rows.isEmpty()) {
                psctr.put("OrbitalDescriptions", rows);
            }
        }
        Matcher r = RRKJ.matcher(lines);
        if (r.find()) {
            List<Double> rrkj = new ArrayList<>();
            for (String line : r.group(1).split("\n")) {
                if (!line.contains("=")) {
                    rrkj.addAll(list(line, where, "RRKJ"));
                }
            }
            if (!rrkj.isEmpty()) {
                psctr.put("RRKJ", rrkj);
            }
        }
        psctr.putAll(keywords); // pymatgen: PSCTR.update(keywords), a keyword RRKJ would win
        return psctr;
    }

    private static Object value(Kind kind, String s, String where, String key) {
        try {
            return switch (kind) {
                case STRING -> s.strip();
                case LIST -> list(s, where, key);
                case INT -> {
                    Matcher m = INT.matcher(s);
                    if (!m.find()) {
                        throw new NumberFormatException();
                    }
                    yield Long.parseLong(m.group());
                }
                case FLOAT -> {
                    Matcher m = FLOAT.matcher(s);
                    m.find();
                    yield pyFloat(m.group());
                }
                case BOOL -> {
                    Matcher m = BOOL.matcher(s);
                    if (!m.find()) {
                        throw new NumberFormatException();
                    }
                    yield m.group(1).equalsIgnoreCase("T");
                }
            };
        } catch (NumberFormatException e) {
            throw new BadInputException(
                    where,
                    0,
                    "POTCAR keyword " + key + " has a bad " + kind.name().toLowerCase(Locale.ROOT) + " value \""
                            + s.strip() + "\"");
        }
    }

    /** pymatgen's _parse_list: whitespace-separated floats, purely alphabetic words skipped. */
    private static List<Double> list(String s, String where, String key) {
        List<Double> out = new ArrayList<>();
        for (String w : s.strip().split("\\s+")) {
            if (!w.isEmpty() && w.chars().allMatch(Character::isLetter)) {
                continue;
            }
            try {
                out.add(pyFloat(w));
            } catch (NumberFormatException e) {
                throw new BadInputException(where, 0, "POTCAR " + key + ": \"" + w + "\" is not a number");
            }
        }
        return out;
    }

    private static long pyInt(String s) {
        return Long.parseLong(s);
    }

    /** Python's float() of the digits the regexes pick (Java would also take "1d" or "0x1p3": refuse those). */
    private static double pyFloat(String s) {
        if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    static String hashString(Map<String, Object> psctr) {
        StringBuilder sb = new StringBuilder();
        psctr.forEach((key, v) -> {
            sb.append(key);
            if (v instanceof Boolean b) {
                sb.append(b ? "True" : "False");
            } else if (v instanceof Long l) {
                sb.append(l);
            } else if (v instanceof Double x) {
                sb.append(f3(x));
            } else if (v instanceof List<?> items) {
                for (Object item : items) {
                    if (item instanceof Double x) {
                        sb.append(f3(x));
                    } else if (item instanceof List<?> row) { // an OrbitalDescription
                        for (Object c : row) {
                            if (c instanceof Double x) {
                                sb.append(f3(x));
                            } else if (c != null) {
                                sb.append(c);
                            }
                        }
                    }
                }
            } else {
                sb.append(((String) v).replace(" ", ""));
            }
        });
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Python's f"{x:.3f}": the exact binary value rounded half-even, "-0.000" kept for negatives. */
    static String f3(double x) {
        String s = new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
        if ((x < 0 || (x == 0 && 1 / x < 0)) && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }

    private static List<String> findAll(Pattern p, String s) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    }
}
