package org.xtalflow.vasp.inputs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * VASP INCAR tags. Values are Integer, Double, Boolean, String or a List of numbers (one entry per
 * species, or per site for MAGMOM). Written with sorted tags, as pymatgen writes them
 * ({@code Incar.get_str(sort_keys=True)}): {@code TAG = value}, MAGMOM run-length compressed
 * ({@code 4*5 20*0.6}), booleans as {@code True}/{@code False}.
 */
public final class Incar {

    private final TreeMap<String, Object> tags = new TreeMap<>();

    public Incar() {}

    public Incar(Map<String, ?> values) {
        values.forEach(this::put);
    }

    /**
     * Sets a tag. Strings are normalised like pymatgen's Incar does for free-text values
     * (first letter upper case, rest lower: {@code FAST} becomes {@code Fast}).
     */
    public Incar put(String tag, Object value) {
        String key = tag.trim().toUpperCase(Locale.ROOT);
        if (value == null) {
            tags.remove(key);
            return this;
        }
        tags.put(key, normalise(value));
        return this;
    }

    private static Object normalise(Object v) {
        if (v instanceof String s) {
            String t = s.strip();
            if (t.isEmpty()) {
                return t;
            }
            return t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1).toLowerCase(Locale.ROOT);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(o instanceof Number n ? number(n) : o);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Number n) {
            return number(n);
        }
        return v;
    }

    private static Number number(Number n) {
        if (n instanceof Integer || n instanceof Double) {
            return n;
        }
        if (n instanceof Long || n instanceof Short || n instanceof Byte) {
            return n.intValue();
        }
        return n.doubleValue();
    }

    /**
     * Reads INCAR text: {@code TAG = value} lines, several per line separated by {@code ;},
     * comments after {@code #} or {@code !}. Values become Integer, Double, Boolean
     * ({@code .TRUE.}, {@code T}, {@code True}), a List of numbers ({@code 2*5.0 0.6} expanded) or a
     * String. A line with no {@code =} is a {@link org.xtalflow.crystal.io.BadInputException}
     * naming file and line.
     */
    public static Incar parse(String text, String file) {
        Incar incar = new Incar();
        String[] lines = text.lines().toArray(String[]::new); // no regex over the whole file
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = indexOfAny(line, '#', '!');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            for (String part : line.split(";")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new org.xtalflow.crystal.io.BadInputException(
                            file, i + 1, "not an INCAR line (TAG = value): '" + part.strip() + "'");
                }
                incar.put(
                        part.substring(0, eq).strip(),
                        parseValue(part.substring(eq + 1).strip()));
            }
        }
        return incar;
    }

    private static int indexOfAny(String s, char a, char b) {
        int ia = s.indexOf(a);
        int ib = s.indexOf(b);
        return ia < 0 ? ib : ib < 0 ? ia : Math.min(ia, ib);
    }

    private static Object parseValue(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        if (u.equals(".TRUE.") || u.equals("T") || u.equals("TRUE")) {
            return Boolean.TRUE;
        }
        if (u.equals(".FALSE.") || u.equals("F") || u.equals("FALSE")) {
            return Boolean.FALSE;
        }
        String[] toks = v.split("\\s+");
        List<Number> numbers = new ArrayList<>();
        for (String t : toks) {
            int star = t.indexOf('*');
            try {
                if (star > 0) {
                    int n = Integer.parseInt(t.substring(0, star));
                    Number x = number(t.substring(star + 1));
                    for (int k = 0; k < n; k++) {
                        numbers.add(x);
                    }
                } else {
                    numbers.add(number(t));
                }
            } catch (NumberFormatException e) {
                return v; // free text (ALGO = Fast, PREC = Accurate, SYSTEM = ...)
            }
        }
        return numbers.size() == 1 && toks.length == 1 && toks[0].indexOf('*') < 0 ? numbers.get(0) : numbers;
    }

    private static Number number(String t) {
        if (t.matches("[-+]?\\d+")) {
            return Integer.parseInt(t);
        }
        return Double.parseDouble(t.replace('d', 'e').replace('D', 'e'));
    }

    public Object get(String tag) {
        return tags.get(tag.toUpperCase(Locale.ROOT));
    }

    public boolean contains(String tag) {
        return tags.containsKey(tag.toUpperCase(Locale.ROOT));
    }

    public Object remove(String tag) {
        return tags.remove(tag.toUpperCase(Locale.ROOT));
    }

    /** The numeric value of a tag as a double, or NaN when absent or not a number. */
    public double getDouble(String tag) {
        return get(tag) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A list-valued tag as doubles (empty when absent). */
    public List<Double> getList(String tag) {
        List<Double> out = new ArrayList<>();
        if (get(tag) instanceof List<?> l) {
            for (Object o : l) {
                out.add(((Number) o).doubleValue());
            }
        }
        return out;
    }

    /** Tags in sorted order (unmodifiable view). */
    public Map<String, Object> tags() {
        return Collections.unmodifiableMap(tags);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : tags.entrySet()) {
            sb.append(e.getKey())
                    .append(" = ")
                    .append(format(e.getKey(), e.getValue()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String format(String tag, Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            if (tag.equals("MAGMOM")) {
                int i = 0;
                while (i < l.size()) {
                    int j = i;
                    while (j < l.size() && l.get(j).equals(l.get(i))) {
                        j++;
                    }
                    sb.append(sb.isEmpty() ? "" : " ").append(j - i).append('*').append(formatNumber((Number)
                            l.get(i)));
                    i = j;
                }
            } else {
                for (Object o : l) {
                    sb.append(sb.isEmpty() ? "" : " ").append(o instanceof Number n ? formatNumber(n) : o.toString());
                }
            }
            return sb.toString();
        }
        if (v instanceof Number n) {
            return formatNumber(n);
        }
        return v.toString();
    }

    /**
     * Numbers as Python's str() would print them for the values that occur here: integers bare,
     * floats shortest-form, rounded to 12 significant digits so EDIFF = 5e-5 x 24 prints 0.0012.
     */
    static String formatNumber(Number n) {
        if (n instanceof Integer i) {
            return Integer.toString(i);
        }
        double d = n.doubleValue();
        if (d == 0) {
            return "0.0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String s = bd.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        // scientific, Python style: 1e-10, 2.5e-05
        String s = String.format(Locale.ROOT, "%.11e", bd.doubleValue());
        String mant = s.substring(0, s.indexOf('e'));
        int exp = Integer.parseInt(s.substring(s.indexOf('e') + 1));
        mant = mant.contains(".") ? mant.replaceAll("0+$", "").replaceAll("\\.$", "") : mant;
        return mant + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Incar other && other.tags.equals(tags);
    }

    @Override
    public int hashCode() {
        return tags.hashCode();
    }

    @Override
    public String toString() {
        return toText();
    }
}
