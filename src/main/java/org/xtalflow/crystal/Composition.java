package org.xtalflow.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Amounts of elements, as pymatgen's Composition: parsed from formulas such as "Fe2O3", "Ca(OH)2",
 * "Li0.5CoO2" or "Fe2 O3"; the string forms ({@link #reducedFormula()}, {@link #formula()},
 * {@link #anonymizedFormula()}, {@link #chemicalSystem()}) follow pymatgen's rules so keys match
 * across tools.
 */
public final class Composition {

    /** pymatgen's Composition.amount_tolerance. */
    public static final double AMOUNT_TOLERANCE = 1e-8;

    /** pymatgen's special_formulas: diatomic gases and peroxides/superoxides keep their molecule. */
    private static final Map<String, String> SPECIAL_FORMULAS = Map.ofEntries(
            Map.entry("LiO", "Li2O2"),
            Map.entry("NaO", "Na2O2"),
            Map.entry("KO", "K2O2"),
            Map.entry("HO", "H2O2"),
            Map.entry("CsO", "Cs2O2"),
            Map.entry("RbO", "Rb2O2"),
            Map.entry("O", "O2"),
            Map.entry("N", "N2"),
            Map.entry("F", "F2"),
            Map.entry("Cl", "Cl2"),
            Map.entry("H", "H2"));

    /** Electronegativity order; pymatgen sorts NaN (noble gases) as it falls, we put it last. */
    private static final Comparator<Element> BY_X =
            Comparator.comparingDouble((Element e) -> Double.isNaN(e.x()) ? Double.MAX_VALUE : e.x());

    private final Map<Element, Double> amounts; // insertion order, zero amounts removed

    private Composition(Map<Element, Double> amounts) {
        this.amounts = Collections.unmodifiableMap(amounts);
    }

    public static Composition of(Map<Element, Double> amounts) {
        Map<Element, Double> m = new LinkedHashMap<>();
        for (Map.Entry<Element, Double> e : amounts.entrySet()) {
            if (e.getValue() < -AMOUNT_TOLERANCE) {
                throw new IllegalArgumentException("negative amount of " + e.getKey() + ": " + e.getValue());
            }
            if (Math.abs(e.getValue()) > AMOUNT_TOLERANCE) {
                m.merge(e.getKey(), e.getValue(), Double::sum);
            }
        }
        return new Composition(m);
    }

    /** Parses a formula; throws {@link FormulaException} naming the position of the problem. */
    public static Composition parse(String formula) {
        return of(new FormulaParser(formula).parse());
    }

    /** Number of atoms of each element. */
    public Map<Element, Double> amounts() {
        return amounts;
    }

    public double get(Element e) {
        return amounts.getOrDefault(e, 0.0);
    }

    public double get(String symbol) {
        return get(Element.of(symbol));
    }

    public List<Element> elements() {
        return new ArrayList<>(amounts.keySet());
    }

    /** Elements sorted by Pauling electronegativity, then symbol (pymatgen's formula order). */
    public List<Element> elementsByElectronegativity() {
        List<Element> els = elements();
        els.sort(BY_X.thenComparing(Element::symbol));
        return els;
    }

    public int numElements() {
        return amounts.size();
    }

    public double numAtoms() {
        double s = 0;
        for (double v : amounts.values()) {
            s += v;
        }
        return s;
    }

    public double weight() {
        double s = 0;
        for (Map.Entry<Element, Double> e : amounts.entrySet()) {
            s += e.getKey().atomicMass() * e.getValue();
        }
        return s;
    }

    public double atomicFraction(Element e) {
        return get(e) / numAtoms();
    }

    /** Atomic fractions, in electronegativity order. */
    public Map<Element, Double> fractions() {
        Map<Element, Double> out = new LinkedHashMap<>();
        double n = numAtoms();
        for (Element e : elementsByElectronegativity()) {
            out.put(e, get(e) / n);
        }
        return out;
    }

    public boolean isInteger() {
        for (double v : amounts.values()) {
            if (Math.abs(v - Math.rint(v)) > AMOUNT_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** "Fe2 O3" style: electronegativity order, amounts always written (pymatgen's formula). */
    public String formula() {
        List<Element> els = elements();
        els.sort(BY_X); // stable: pymatgen sorts by X only here
        StringBuilder sb = new StringBuilder();
        for (Element e : els) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.symbol()).append(formatAmount(get(e), false));
        }
        return sb.toString();
    }

    /** pymatgen's reduced_formula, e.g. "Fe2O3", "LiFePO4", "O2", "Li2O2". */
    public String reducedFormula() {
        return reducedFormulaAndFactor().formula;
    }

    /** The factor by which this composition exceeds its reduced formula (4 for Fe8O12). */
    public double reducedFactor() {
        return reducedFormulaAndFactor().factor;
    }

    /** The composition of one reduced formula unit. */
    public Composition reducedComposition() {
        double f = reducedFactor();
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((e, v) -> m.put(e, v / f));
        return new Composition(m);
    }

    /** Divides every amount by the total, giving atomic fractions as a Composition. */
    public Composition fractionalComposition() {
        double n = numAtoms();
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((e, v) -> m.put(e, v / n));
        return new Composition(m);
    }

    private record FormulaAndFactor(String formula, double factor) {}

    private FormulaAndFactor reducedFormulaAndFactor() {
        if (!isInteger()) {
            return new FormulaAndFactor(formula().replace(" ", ""), 1);
        }
        Map<Element, Long> ints = new LinkedHashMap<>();
        amounts.forEach((e, v) -> ints.put(e, Math.round(v)));
        FormulaAndFactor r = reduce(ints);
        String special = SPECIAL_FORMULAS.get(r.formula);
        if (special != null) {
            return new FormulaAndFactor(special, r.factor / 2);
        }
        return r;
    }

    /** pymatgen's reduce_formula, including its polyanion rule (e.g. "Li3Fe2(PO4)3"). */
    private static FormulaAndFactor reduce(Map<Element, Long> amt) {
        List<Element> syms = new ArrayList<>(amt.keySet());
        syms.sort(BY_X.thenComparing(Element::symbol));
        long gcd = 0;
        for (long v : amt.values()) {
            gcd = gcd(gcd, Math.abs(v));
        }
        long factor = gcd == 0 ? 1 : gcd;
        String polyanion = "";
        int n = syms.size();
        if (n >= 3 && syms.get(n - 1).x() - syms.get(n - 2).x() < 1.65) {
            Map<Element, Long> poly = new LinkedHashMap<>();
            for (int i = n - 2; i < n; i++) {
                poly.put(syms.get(i), amt.get(syms.get(i)) / factor);
            }
            FormulaAndFactor p = reduce(poly);
            if (p.factor != 1) {
                polyanion = "(" + p.formula + ")" + (long) p.factor;
            }
        }
        int keep = polyanion.isEmpty() ? n : n - 2;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keep; i++) {
            Element e = syms.get(i);
            sb.append(e.symbol()).append(formatAmount((double) amt.get(e) / factor, true));
        }
        sb.append(polyanion);
        return new FormulaAndFactor(sb.toString(), factor);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** pymatgen's formula_double_format. */
    static String formatAmount(double amt, boolean ignoreOnes) {
        if (ignoreOnes && amt == 1) {
            return "";
        }
        if (Math.abs(amt - (long) amt) < 1e-8) {
            return Long.toString((long) amt);
        }
        // Python's str(round(x, 8)): shortest repr of the rounded value
        double r = Math.round(amt * 1e8) / 1e8;
        String s = Double.toString(r);
        if (s.contains("E")) {
            s = new java.math.BigDecimal(r)
                    .round(new java.math.MathContext(12))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return s;
    }

    /** pymatgen's anonymized_formula, e.g. "ABC3" for LiFeO... amounts sorted ascending. */
    public String anonymizedFormula() {
        Composition red = this;
        if (isInteger()) {
            red = reducedByGcd();
        }
        List<Double> vals = new ArrayList<>(red.amounts.values());
        Collections.sort(vals);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vals.size(); i++) {
            double amt = vals.get(i);
            sb.append((char) ('A' + i));
            if (amt == 1) {
                continue;
            }
            if (Math.abs(amt % 1) < 1e-8) {
                sb.append((long) amt);
            } else {
                sb.append(formatAmount(amt, false));
            }
        }
        return sb.toString();
    }

    private Composition reducedByGcd() {
        long g = 0;
        for (double v : amounts.values()) {
            g = gcd(g, Math.round(v));
        }
        long gf = g == 0 ? 1 : g;
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((e, v) -> m.put(e, (double) Math.round(v) / gf));
        return new Composition(m);
    }

    /** "Fe-Li-O": element symbols sorted alphabetically, joined by '-'. */
    public String chemicalSystem() {
        TreeSet<String> s = new TreeSet<>();
        for (Element e : amounts.keySet()) {
            s.add(e.symbol());
        }
        return String.join("-", s);
    }

    /** True when the amounts agree within {@code tol} atoms per element. */
    public boolean almostEquals(Composition o, double tol) {
        TreeSet<Element> all = new TreeSet<>(amounts.keySet());
        all.addAll(o.amounts.keySet());
        for (Element e : all) {
            if (Math.abs(get(e) - o.get(e)) > tol) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Composition c && almostEquals(c, AMOUNT_TOLERANCE);
    }

    @Override
    public int hashCode() {
        return Objects.hash(new TreeSet<>(amounts.keySet()));
    }

    @Override
    public String toString() {
        return formula();
    }
}
