package org.xtalflow.campaign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A candidate's CIF as the store keeps it (column {@code structure_cif_z}): zlib-compressed with
 * a preset dictionary of {@link org.xtalflow.crystal.io.CifWriter}'s header, after folding each
 * P1 site line ({@code "  Sr  Sr12  1  0.17000000  0.19000000  0.65000000  1.0"}) into
 * {@code "Sr 0.17 0.19 0.65"} (the label, multiplicity 1 and occupancy 1.0 are restored on
 * reading). A generated P1 CIF of 150 sites shrinks from ≈ 8.4 KB to ≈ 0.6 KB; a campaign of
 * 10^7 samples stores 3·10^7 of them, most of them rejected and never read again.
 *
 * <p>Lossless for any text: only lines that unfold back into themselves are folded, and a text with
 * a line that already looks folded is kept verbatim (format 2). The first byte names the format; the
 * dictionary of formats 1 and 2 must never change (stored rows depend on it; a new dictionary is
 * a new format byte).
 */
final class StoredCif {

    /** Site lines folded, then zlib with {@link #DICTIONARY_V1}. */
    private static final byte FOLDED_V1 = 1;
    /** The text as given, zlib with {@link #DICTIONARY_V1} (the folded form did not round-trip). */
    private static final byte VERBATIM_V1 = 2;

    /** The loop header after which site lines are folded. */
    private static final String SITE_LOOP = " _atom_site_occupancy\n";

    /** CifWriter's P1 header with typical values; the most frequent strings last (shortest distances). */
    private static final byte[] DICTIONARY_V1 =
            ("  Ba  Ba0  1  Ru  Ru0  Li  Fe  Mn  Co  Ni  Cu  Zn  Mg  Ca  Sr  Ti  O  O0"
                            + " 0.00000000 0.50000000 0.25000000 0.75000000 0.12500000 0.33333333 0.66666667\n"
                            + "# generated using xtalflow\n"
                            + "data_SrTiO3\n"
                            + "_symmetry_space_group_name_H-M   P1\n"
                            + "_cell_length_a   10.00000000\n"
                            + "_cell_length_b   10.00000000\n"
                            + "_cell_length_c   10.00000000\n"
                            + "_cell_angle_alpha   90.00000000\n"
                            + "_cell_angle_beta   90.00000000\n"
                            + "_cell_angle_gamma   90.00000000\n"
                            + "_symmetry_Int_Tables_number   1\n"
                            + "_chemical_formula_structural   SrTiO3\n"
                            + "_chemical_formula_sum   'Sr8 Ti8 O24'\n"
                            + "_cell_volume   1000.00000000\n"
                            + "_cell_formula_units_Z   8\n"
                            + "loop_\n"
                            + " _symmetry_equiv_pos_site_id\n"
                            + " _symmetry_equiv_pos_as_xyz\n"
                            + "  1  'x, y, z'\n"
                            + "loop_\n"
                            + " _atom_site_type_symbol\n"
                            + " _atom_site_label\n"
                            + " _atom_site_symmetry_multiplicity\n"
                            + " _atom_site_fract_x\n"
                            + " _atom_site_fract_y\n"
                            + " _atom_site_fract_z\n"
                            + " _atom_site_occupancy\n")
                    .getBytes(StandardCharsets.US_ASCII);

    private StoredCif() {}

    /** The stored form of {@code cif}; null for null. */
    static byte[] compress(String cif) {
        if (cif == null) return null;
        // fold() folds only lines unfold() turns back into themselves and refuses text with a line
        // unfold() would expand, so folding is lossless without a check here (StoredCifTest holds it)
        String folded = fold(cif);
        return folded != null ? deflate(FOLDED_V1, folded) : deflate(VERBATIM_V1, cif);
    }

    /**
     * The CIF text back from its stored form; null for null.
     *
     * @throws StoreException when the bytes are not a stored CIF (unknown format, corrupt data)
     */
    static String decompress(byte[] stored) {
        if (stored == null) return null;
        if (stored.length == 0) throw new StoreException("store: empty stored CIF");
        String text = inflate(stored);
        return switch (stored[0]) {
            case FOLDED_V1 -> unfold(text);
            case VERBATIM_V1 -> text;
            default -> throw new StoreException("store: stored CIF of unknown format " + stored[0]);
        };
    }

    /**
     * The site lines after the site loop folded; null when the text has no site loop or has a
     * line that already looks folded (reading would expand it: the text is kept verbatim).
     */
    private static String fold(String cif) {
        int pos = cif.indexOf(SITE_LOOP);
        if (pos < 0) return null;
        pos += SITE_LOOP.length();
        StringBuilder out = new StringBuilder(cif.length() / 2).append(cif, 0, pos);
        Map<String, Integer> labels = new HashMap<>();
        while (true) {
            int nl = cif.indexOf('\n', pos);
            int end = nl < 0 ? cif.length() : nl;
            if (!foldSite(cif, pos, end, labels, out)) {
                if (folded(cif, pos, end) != null) return null;
                out.append(cif, pos, end);
            }
            if (nl < 0) return out.toString();
            out.append('\n');
            pos = nl + 1;
        }
    }

    /**
     * Appends {@code "Sr 0.17 0.19 0.65"} for a line {@code "  Sr  Sr12  1  0.17000000  0.19000000
     * 0.65000000  1.0"} whose label is the element's next one (Sr0, Sr1, ... as CifWriter numbers
     * them); false (nothing appended) for any other line.
     */
    private static boolean foldSite(String s, int from, int end, Map<String, Integer> labels, StringBuilder out) {
        String[] t = new String[7];
        int pos = from;
        for (int i = 0; i < 7; i++) {
            if (!s.startsWith("  ", pos)) return false;
            pos += 2;
            int next = s.indexOf("  ", pos);
            int stop = i == 6 || next < 0 || next > end ? end : next;
            if (stop <= pos || s.charAt(pos) == ' ') return false;
            t[i] = s.substring(pos, stop);
            pos = stop;
        }
        if (pos != end || !element(t[0]) || !t[2].equals("1") || !t[6].equals("1.0")) return false;
        int label = labels.getOrDefault(t[0], 0);
        if (!t[1].equals(t[0] + label)) return false;
        for (int i = 3; i < 6; i++) if (!eightDecimals(t[i])) return false;
        labels.put(t[0], label + 1);
        out.append(t[0]);
        for (int i = 3; i < 6; i++) out.append(' ').append(trimZeros(t[i]));
        return true;
    }

    /** {"Sr", "0.17", "0.19", "0.65"} for a folded line {@code "Sr 0.17 0.19 0.65"}; null for any other. */
    private static String[] folded(String s, int from, int end) {
        String[] t = s.substring(from, end).split(" ", -1);
        if (t.length != 4 || !element(t[0])) return null;
        for (int i = 1; i < 4; i++) if (!decimal(t[i])) return null;
        return t;
    }

    private static String unfold(String folded) {
        int pos = folded.indexOf(SITE_LOOP);
        if (pos < 0) return folded;
        pos += SITE_LOOP.length();
        StringBuilder out = new StringBuilder(folded.length() * 3).append(folded, 0, pos);
        Map<String, Integer> labels = new HashMap<>();
        while (true) {
            int nl = folded.indexOf('\n', pos);
            int end = nl < 0 ? folded.length() : nl;
            String[] t = folded(folded, pos, end);
            if (t != null) {
                int n = labels.merge(t[0], 1, Integer::sum) - 1;
                out.append("  ")
                        .append(t[0])
                        .append("  ")
                        .append(t[0])
                        .append(n)
                        .append("  1");
                for (int i = 1; i < 4; i++) out.append("  ").append(padZeros(t[i]));
                out.append("  1.0");
            } else {
                out.append(folded, pos, end);
            }
            if (nl < 0) return out.toString();
            out.append('\n');
            pos = nl + 1;
        }
    }

    /** An element symbol's shape: "O", "Sr". */
    private static boolean element(String t) {
        return (t.length() == 1 || t.length() == 2)
                && t.charAt(0) >= 'A'
                && t.charAt(0) <= 'Z'
                && (t.length() == 1 || t.charAt(1) >= 'a' && t.charAt(1) <= 'z');
    }

    /** -?digits.digits (any number of decimals, none included): "0.17", "0.", "-12.5". */
    private static boolean decimal(String t) {
        int i = t.startsWith("-") ? 1 : 0;
        int dot = t.indexOf('.');
        if (dot <= i || t.indexOf('.', dot + 1) >= 0) return false;
        for (int k = i; k < t.length(); k++) {
            if (k != dot && (t.charAt(k) < '0' || t.charAt(k) > '9')) return false;
        }
        return true;
    }

    /** A decimal with exactly 8 decimals, as CifWriter writes numbers: "0.17000000". */
    private static boolean eightDecimals(String t) {
        return decimal(t) && t.length() - t.indexOf('.') - 1 == 8;
    }

    /** "0.17000000" → "0.17", "0.00000000" → "0." (8 decimals come back on reading). */
    private static String trimZeros(String v) {
        int end = v.length();
        while (v.charAt(end - 1) == '0') end--;
        return v.substring(0, end);
    }

    private static String padZeros(String v) {
        int decimals = v.length() - v.indexOf('.') - 1;
        return decimals >= 8 ? v : v + "0".repeat(8 - decimals);
    }

    /**
     * One compressor per thread, reset between uses: a new zlib state per CIF cost as much as
     * compressing it. Level 5: within 3% of level 9's size on folded CIFs at a fraction of its time.
     */
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(5));

    private static byte[] deflate(byte format, String text) {
        Deflater d = DEFLATER.get();
        d.reset();
        d.setDictionary(DICTIONARY_V1);
        d.setInput(text.getBytes(StandardCharsets.UTF_8));
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 4 + 16);
        out.write(format);
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            int n = d.deflate(buf);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String inflate(byte[] stored) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(stored, 1, stored.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 8);
            byte[] buf = new byte[8192];
            while (true) {
                int n = inf.inflate(buf);
                out.write(buf, 0, n);
                if (inf.finished()) break;
                if (n == 0) {
                    if (inf.needsDictionary()) {
                        inf.setDictionary(DICTIONARY_V1); // IllegalArgumentException: another dictionary's id
                    } else if (inf.needsInput()) {
                        throw new StoreException("store: stored CIF is truncated");
                    }
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new StoreException("store: stored CIF is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }
}
