package org.xtalflow.campaign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p>Lossless for any text: {@link #compress} checks that {@link #decompress} gives the text back
 * and otherwise keeps the text verbatim (format 2). The first byte names the format; the
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

    private static final Pattern SITE_LINE = Pattern.compile(
            "  ([A-Z][a-z]?)  \\1(\\d+)  1  (-?\\d+\\.\\d{8})  (-?\\d+\\.\\d{8})  (-?\\d+\\.\\d{8})  1\\.0");
    private static final Pattern FOLDED_LINE =
            Pattern.compile("([A-Z][a-z]?) (-?\\d+\\.\\d*) (-?\\d+\\.\\d*) (-?\\d+\\.\\d*)");

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
        String folded = fold(cif);
        if (folded != null && cif.equals(unfold(folded))) {
            return deflate(FOLDED_V1, folded);
        }
        return deflate(VERBATIM_V1, cif);
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

    /** The site lines after the site loop folded; null when the text has no site loop. */
    private static String fold(String cif) {
        int start = cif.indexOf(SITE_LOOP);
        if (start < 0) return null;
        start += SITE_LOOP.length();
        StringBuilder out = new StringBuilder(cif.length() / 2).append(cif, 0, start);
        Matcher m = SITE_LINE.matcher("");
        for (String line : cif.substring(start).split("\n", -1)) {
            if (m.reset(line).matches()) {
                out.append(m.group(1))
                        .append(' ')
                        .append(trimZeros(m.group(3)))
                        .append(' ')
                        .append(trimZeros(m.group(4)))
                        .append(' ')
                        .append(trimZeros(m.group(5)));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1); // split's last piece has no newline after it
        return out.toString();
    }

    private static String unfold(String folded) {
        int start = folded.indexOf(SITE_LOOP);
        if (start < 0) return folded;
        start += SITE_LOOP.length();
        StringBuilder out = new StringBuilder(folded.length() * 3).append(folded, 0, start);
        Map<String, Integer> labels = new HashMap<>();
        Matcher m = FOLDED_LINE.matcher("");
        for (String line : folded.substring(start).split("\n", -1)) {
            if (m.reset(line).matches()) {
                String el = m.group(1);
                int n = labels.merge(el, 1, Integer::sum) - 1;
                out.append("  ")
                        .append(el)
                        .append("  ")
                        .append(el)
                        .append(n)
                        .append("  1  ")
                        .append(padZeros(m.group(2)))
                        .append("  ")
                        .append(padZeros(m.group(3)))
                        .append("  ")
                        .append(padZeros(m.group(4)))
                        .append("  1.0");
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
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

    private static byte[] deflate(byte format, String text) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
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
        } finally {
            d.end();
        }
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
