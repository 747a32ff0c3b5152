package org.xtalflow.crystal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xtalflow.crystal.Composition;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymOp;
import org.xtalflow.crystal.SymmetryExpansion;

/**
 * Writes CIF 1.1 in the layout pymatgen's CifWriter uses, either in P1 (every site) or
 * symmetrized (asymmetric unit, the group's operations, symbol and number).
 */
public final class CifWriter {

    /** Fractional tolerance when matching symmetry images to sites of the structure. */
    public static final double DEFAULT_SYMMETRY_TOLERANCE = 1e-3;

    private CifWriter() {}

    /** All sites, space group P1. */
    public static String p1(Structure s) {
        List<Site> sites = new ArrayList<>();
        List<Integer> mult = new ArrayList<>();
        for (Site site : s.sites()) {
            sites.add(site);
            mult.add(1);
        }
        return write(s, SpaceGroup.of(1), sites, mult);
    }

    /**
     * The asymmetric unit of {@code s} under {@code sg} with the group's operations. The structure
     * must have the group's symmetry (in the group's standard setting); otherwise an
     * IllegalArgumentException names the first site whose images are missing.
     */
    public static String symmetrized(Structure s, SpaceGroup sg) {
        return symmetrized(s, sg, DEFAULT_SYMMETRY_TOLERANCE);
    }

    public static String symmetrized(Structure s, SpaceGroup sg, double tol) {
        List<SymOp> ops = sg.operations();
        int n = s.size();
        double[] flat = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double[] f = s.site(i).frac();
            for (int c = 0; c < 3; c++) {
                flat[3 * i + c] = SymmetryExpansion.wrap(f[c]);
            }
        }
        boolean[] assigned = new boolean[n];
        double[] buf = new double[3 * ops.size()];
        List<Site> asym = new ArrayList<>();
        List<Integer> mult = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (assigned[i]) {
                continue;
            }
            int m = SymmetryExpansion.orbit(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2], ops, tol, buf);
            for (int k = 0; k < m; k++) {
                int match = -1;
                for (int j = 0; j < n && match < 0; j++) {
                    if (s.species(j) == s.species(i) && SymmetryExpansion.samePeriodic(flat, 3 * j, buf, 3 * k, tol)) {
                        match = j;
                    }
                }
                if (match < 0) {
                    throw new IllegalArgumentException("structure does not have the symmetry of " + sg
                            + ": an image of site " + i + " (" + s.species(i) + ") has no partner");
                }
                assigned[match] = true;
            }
            Site si = s.site(i);
            asym.add(new Site(
                    si.species(),
                    new double[] {flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]},
                    si.occupancy(),
                    si.label()));
            mult.add(m);
        }
        return write(s, sg, asym, mult);
    }

    public static void writeP1(Structure s, Path file) throws IOException {
        Files.writeString(file, p1(s), StandardCharsets.UTF_8);
    }

    public static void writeSymmetrized(Structure s, SpaceGroup sg, Path file) throws IOException {
        Files.writeString(file, symmetrized(s, sg), StandardCharsets.UTF_8);
    }

    private static String write(Structure s, SpaceGroup sg, List<Site> sites, List<Integer> mult) {
        Composition comp = s.composition();
        Lattice l = s.lattice();
        double[] abc = l.abc();
        double[] ang = l.angles();
        StringBuilder sb = new StringBuilder(2048);
        sb.append("# generated using xtalflow\n");
        sb.append("data_").append(comp.reducedFormula()).append('\n');
        kv(sb, "_symmetry_space_group_name_H-M", quoteIfNeeded(sg.symbol()));
        kv(sb, "_cell_length_a", fmt(abc[0]));
        kv(sb, "_cell_length_b", fmt(abc[1]));
        kv(sb, "_cell_length_c", fmt(abc[2]));
        kv(sb, "_cell_angle_alpha", fmt(ang[0]));
        kv(sb, "_cell_angle_beta", fmt(ang[1]));
        kv(sb, "_cell_angle_gamma", fmt(ang[2]));
        kv(sb, "_symmetry_Int_Tables_number", Integer.toString(sg.number()));
        kv(sb, "_chemical_formula_structural", comp.reducedFormula());
        kv(sb, "_chemical_formula_sum", "'" + comp.formula() + "'");
        kv(sb, "_cell_volume", fmt(l.volume()));
        kv(sb, "_cell_formula_units_Z", Long.toString(Math.round(comp.reducedFactor())));
        sb.append("loop_\n _symmetry_equiv_pos_site_id\n _symmetry_equiv_pos_as_xyz\n");
        int k = 1;
        for (SymOp op : sg.operations()) {
            sb.append("  ").append(k++).append("  '").append(op.toXyz()).append("'\n");
        }
        sb.append("loop_\n _atom_site_type_symbol\n _atom_site_label\n _atom_site_symmetry_multiplicity\n")
                .append(" _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n _atom_site_occupancy\n");
        int[] counter = new int[119];
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get(i);
            double[] f = site.frac();
            String sym = site.species().symbol();
            sb.append("  ")
                    .append(sym)
                    .append("  ")
                    .append(sym)
                    .append(counter[site.species().z()]++)
                    .append("  ")
                    .append(mult.get(i))
                    .append("  ")
                    .append(fmt(f[0]))
                    .append("  ")
                    .append(fmt(f[1]))
                    .append("  ")
                    .append(fmt(f[2]))
                    .append("  ")
                    .append(occ(site.occupancy()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static void kv(StringBuilder sb, String k, String v) {
        sb.append(k).append("   ").append(v).append('\n');
    }

    private static String quoteIfNeeded(String s) {
        return s.contains(" ") ? "'" + s + "'" : s;
    }

    /**
     * {@code String.format(Locale.ROOT, "%.8f", v)}, computed the way Formatter does it (the
     * shortest decimal of the double, {@link Double#toString}, rounded half-up to 8 places) without
     * Formatter's per-call parsing and locale lookups: a generated P1 cell of 150 sites formats 600
     * numbers, and Formatter was ≈ 70% of a generation batch's time (BENCHMARKS.md, soak).
     */
    static String fmt(double v) {
        double r = Math.abs(v) < 5e-9 ? 0.0 : v; // no "-0.00000000"
        if (!Double.isFinite(r)) return String.format(Locale.ROOT, "%.8f", r);
        if (Math.abs(r) < 1e4) {
            // v·1e8 is within 3e-4 of the exact value, and so is the shortest decimal of v: away
            // from a tie (±0.499) both round to the same integer, so no digit string is needed
            double scaled = r * 1e8;
            long units = Math.round(scaled);
            if (Math.abs(scaled - units) < 0.499) return eightDecimals(units);
        }
        String shortest = Double.toString(r);
        if (shortest.indexOf('E') >= 0) {
            return new java.math.BigDecimal(shortest)
                    .setScale(8, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
        }
        int dot = shortest.indexOf('.');
        int decimals = shortest.length() - dot - 1;
        if (decimals <= 8) return shortest + "00000000".substring(decimals);
        // more than 8 decimals: cut after the 8th, half-up (away from zero) on the 9th
        char[] d = shortest.substring(0, dot + 9).toCharArray();
        if (shortest.charAt(dot + 9) < '5') return new String(d);
        int i = d.length - 1;
        while (i >= 0 && (d[i] == '9' || d[i] == '.')) {
            if (d[i] == '9') d[i] = '0';
            i--;
        }
        if (i >= 0 && d[i] != '-') {
            d[i]++;
            return new String(d);
        }
        // every digit carried ("9.999999996" → "10.00000000")
        int sign = d[0] == '-' ? 1 : 0;
        return new StringBuilder(d.length + 1)
                .append(d, 0, sign)
                .append('1')
                .append(d, sign, d.length - sign)
                .toString();
    }

    /** units·1e-8 as "-12.34567890". */
    private static String eightDecimals(long units) {
        long abs = Math.abs(units);
        String frac = Long.toString(abs % 100_000_000L);
        StringBuilder sb = new StringBuilder(20);
        if (units < 0) sb.append('-');
        sb.append(abs / 100_000_000L).append('.');
        for (int i = frac.length(); i < 8; i++) sb.append('0');
        return sb.append(frac).toString();
    }

    private static String occ(double v) {
        return v == 1.0 ? "1.0" : String.format(Locale.ROOT, "%.6f", v);
    }
}
