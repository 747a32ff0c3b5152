package org.xtalflow.vasp.outputs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

/**
 * pymatgen's {@code str(Structure)} (2022.11 to 2025: formula lines, abc and angles as
 * {@code %.6f} right-justified to 10, pbc, then the sites through {@code tabulate}'s "simple"
 * layout), needed because pymatgen's default entry id hashes this text. Covers ordered,
 * uncharged structures without site properties (what a vasprun.xml gives); a charged structure
 * would add pymatgen's "Overall Charge" line, which is not written here.
 */
public final class PymatgenStructureText {

    private PymatgenStructureText() {}

    public static String of(Structure s) {
        StringBuilder sb = new StringBuilder();
        sb.append("Full Formula (").append(s.composition().formula()).append(")\n");
        sb.append("Reduced Formula: ").append(s.composition().reducedFormula()).append('\n');
        sb.append("abc   : ").append(row10(s.lattice().abc())).append('\n');
        sb.append("angles: ").append(row10(s.lattice().angles())).append('\n');
        sb.append("pbc   : ")
                .append(rjust("True", 10))
                .append(' ')
                .append(rjust("True", 10))
                .append(' ')
                .append(rjust("True", 10))
                .append('\n');
        sb.append("Sites (").append(s.size()).append(")\n");
        List<List<String>> cols = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            cols.add(new ArrayList<>());
        }
        for (int i = 0; i < s.size(); i++) {
            Site site = s.sites().get(i);
            cols.get(0).add(Integer.toString(i));
            cols.get(1).add(site.species().symbol());
            for (int k = 0; k < 3; k++) {
                // tabulate re-reads the "%.6f" text as a number and prints it with format "g"
                cols.get(2 + k).add(pyG(Double.parseDouble(f6(site.frac()[k]))));
            }
        }
        String[] headers = {"#", "SP", "a", "b", "c"};
        List<List<String>> padded = new ArrayList<>();
        int[] width = new int[5];
        for (int c = 0; c < 5; c++) {
            List<String> cells = c == 1 ? cols.get(c) : decimalAligned(cols.get(c));
            int w = headers[c].length() + 2; // tabulate's MIN_PADDING under a header
            for (String x : cells) {
                w = Math.max(w, x.length());
            }
            width[c] = w;
            padded.add(cells);
        }
        List<String> head = new ArrayList<>();
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            head.add(c == 1 ? ljust(headers[c], width[c]) : rjust(headers[c], width[c]));
            rule.add("-".repeat(width[c]));
        }
        sb.append(String.join("  ", head).stripTrailing()).append('\n');
        sb.append(String.join("  ", rule).stripTrailing());
        for (int i = 0; i < s.size(); i++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                String x = padded.get(c).get(i);
                row.add(c == 1 ? ljust(x, width[c]) : rjust(x, width[c]));
            }
            sb.append('\n').append(String.join("  ", row).stripTrailing());
        }
        return sb.toString();
    }

    /** tabulate's "decimal" alignment: pad on the right so the decimal points line up. */
    private static List<String> decimalAligned(List<String> cells) {
        int[] after = new int[cells.size()];
        int max = -1;
        for (int i = 0; i < cells.size(); i++) {
            after[i] = afterPoint(cells.get(i));
            max = Math.max(max, after[i]);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            out.add(cells.get(i) + " ".repeat(max - after[i]));
        }
        return out;
    }

    /** tabulate's _afterpoint: digits after the '.' (or the 'e'), -1 for an integer. */
    private static int afterPoint(String x) {
        if (x.matches("-?\\d+")) {
            return -1;
        }
        int pos = x.lastIndexOf('.');
        if (pos < 0) {
            pos = x.toLowerCase().lastIndexOf('e');
        }
        return pos >= 0 ? x.length() - pos - 1 : -1;
    }

    private static String row10(double[] v) {
        return rjust(f6(v[0]), 10) + " " + rjust(f6(v[1]), 10) + " " + rjust(f6(v[2]), 10);
    }

    /** Python's f"{x:0.6f}" (exact binary value, half-even; "-0.000000" kept). */
    static String f6(double x) {
        String s = new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        if ((x < 0 || (x == 0 && 1 / x < 0)) && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }

    /** Python's format(x, "g"): 6 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e6. */
    static String pyG(double x) {
        if (x == 0) {
            return 1 / x < 0 ? "-0" : "0";
        }
        BigDecimal r = new BigDecimal(x).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = r.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        BigDecimal plain = r.stripTrailingZeros();
        String p = plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString();
        return p;
    }

    private static String rjust(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    private static String ljust(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
