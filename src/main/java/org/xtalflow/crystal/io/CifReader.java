package org.xtalflow.crystal.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymOp;
import org.xtalflow.crystal.SymmetryExpansion;

/**
 * Reads CIF 1.1 files as written by pymatgen, the Materials Project, COD and PGCGM's template:
 * cell parameters with uncertainties, symmetry-operation loops or a space-group name/number,
 * atom_site loops in any column order, several data blocks. Sites are expanded by the operations
 * keeping unique positions within a tolerance (periodic wrap).
 */
public final class CifReader {

    private static final Pattern SPECIES = Pattern.compile("^([A-Z][a-z]?)");
    private static final String[] OP_TAGS = {"_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"};
    private static final String[] SG_NAME_TAGS = {
        "_symmetry_space_group_name_h-m",
        "_space_group_name_h-m_alt",
        "_space_group_name_h-m",
        "_symmetry_space_group_name_h-m_alt"
    };
    private static final String[] SG_NUMBER_TAGS = {
        "_symmetry_int_tables_number", "_space_group_it_number", "_space_group_number"
    };
    /** Fm-3m and the other F-centred cubic groups have 192 operations in the conventional cell. */
    public static final int MAX_OPERATIONS = 192;

    private static final double MAX_ABS_FRACTIONAL = StructureFileLimits.MAX_ABS_FRACTIONAL;
    /**
     * Relative tolerance of the check that an operation maps the lattice onto itself
     * (|WᵀGW − G| ≤ this · max Gᵢᵢ): loose enough for cell parameters rounded in the file.
     */
    static final double METRIC_TOLERANCE = 1e-2;

    private final double siteTolerance;

    public CifReader() {
        this(SymmetryExpansion.DEFAULT_TOLERANCE);
    }

    /** @param siteTolerance fractional tolerance under which symmetry images count as one site */
    public CifReader(double siteTolerance) {
        this.siteTolerance = siteTolerance;
    }

    /** Reads every data block that holds a structure. */
    public List<CifStructure> read(Path path) {
        String name = path.toString();
        try {
            long maxBytes = StructureFileLimits.maxBytes(); // larger inputs are refused before parsing
            if (Files.size(path) > maxBytes) {
                throw new InputLimitException(
                        name, 0, "file is larger than " + (maxBytes >> 20) + " MiB", "max bytes", maxBytes);
            }
            byte[] bytes = Files.readAllBytes(path);
            return read(decode(bytes, name), name);
        } catch (IOException e) {
            throw new BadInputException(name, 0, "cannot read file: " + e.getMessage(), e);
        }
    }

    /** Reads the first structure of a file. */
    public Structure readStructure(Path path) {
        return read(path).get(0).structure();
    }

    private static String decode(byte[] bytes, String name) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new BadInputException(name, 0, "binary content (NUL bytes): not a CIF text file");
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            // CIF 1.1 is ASCII; old files may be Latin-1 in comments. Accept them as Latin-1.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads CIF text; {@code name} is used in error messages. */
    public List<CifStructure> read(String text, String name) {
        if (text.isBlank()) {
            throw new BadInputException(name, 0, "empty file");
        }
        List<CifBlock> blocks = CifBlock.parse(text, name);
        if (blocks.isEmpty()) {
            throw new BadInputException(name, 0, "no data_ block");
        }
        List<CifStructure> out = new ArrayList<>();
        for (CifBlock b : blocks) {
            if (b.loopWith("_atom_site_fract_x") == null
                    && b.item("_atom_site_fract_x") == null
                    && b.item("_cell_length_a") == null) {
                continue; // a block without a structure (e.g. a global or publication block)
            }
            out.add(readBlock(b, name));
        }
        if (out.isEmpty()) {
            throw new BadInputException(
                    name, 0, "no data block holds a structure (_cell_length_a and _atom_site_fract_x)");
        }
        return out;
    }

    private CifStructure readBlock(CifBlock b, String file) {
        double a = cellNumber(b, "_cell_length_a", file);
        double bb = cellNumber(b, "_cell_length_b", file);
        double c = cellNumber(b, "_cell_length_c", file);
        double alpha = cellNumber(b, "_cell_angle_alpha", file);
        double beta = cellNumber(b, "_cell_angle_beta", file);
        double gamma = cellNumber(b, "_cell_angle_gamma", file);
        Lattice lattice;
        try {
            lattice = Lattice.fromParameters(a, bb, c, alpha, beta, gamma);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(
                    file, b.item("_cell_length_a").line(), "block " + b.name() + ": " + e.getMessage());
        }
        SpaceGroup declared = declaredGroup(b, file);
        List<SymOp> ops = operations(b, file, lattice);
        if (ops.isEmpty()) {
            ops = declared != null ? declared.operations() : List.of(SymOp.IDENTITY);
        }
        List<Site> base = sites(b, file, lattice);
        Structure s = SymmetryExpansion.expand(lattice, base, ops, siteTolerance);
        if (s.size() > StructureFileLimits.maxSites()) {
            throw new InputLimitException(
                    file,
                    b.line(),
                    "block " + b.name() + " expands to " + s.size() + " sites by its " + ops.size() + " operations",
                    "max sites",
                    StructureFileLimits.maxSites());
        }
        return new CifStructure(file, b.name(), s, List.copyOf(base), List.copyOf(ops), declared);
    }

    private static double cellNumber(CifBlock b, String tag, String file) {
        CifBlock.Value v = b.item(tag);
        if (v == null) {
            throw new BadInputException(file, b.line(), "block " + b.name() + " lacks " + tag);
        }
        return number(v, tag, file);
    }

    /** A CIF number: "5.4320(3)" reads as 5.4320; "?" and "." are missing values. */
    static double number(CifBlock.Value v, String tag, String file) {
        String s = v.text();
        int paren = s.indexOf('(');
        if (paren >= 0) {
            if (!s.endsWith(")")) {
                throw new BadInputException(file, v.line(), "malformed number '" + s + "' for " + tag);
            }
            s = s.substring(0, paren);
        }
        if (s.equals("?") || s.equals(".")) {
            throw new BadInputException(file, v.line(), "missing value for " + tag);
        }
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BadInputException(file, v.line(), "malformed number '" + v.text() + "' for " + tag);
        }
    }

    private static SpaceGroup declaredGroup(CifBlock b, String file) {
        for (String tag : SG_NUMBER_TAGS) {
            CifBlock.Value v = b.item(tag);
            if (v != null && !v.text().equals("?") && !v.text().equals(".")) {
                int n = (int) number(v, tag, file);
                if (n < 1 || n > 230) {
                    throw new BadInputException(file, v.line(), "space-group number " + n + " is not in 1..230");
                }
                return SpaceGroup.of(n);
            }
        }
        for (String tag : SG_NAME_TAGS) {
            CifBlock.Value v = b.item(tag);
            if (v != null && !v.text().equals("?") && !v.text().equals(".")) {
                Optional<SpaceGroup> sg = SpaceGroup.find(v.text());
                if (sg.isPresent()) {
                    return sg.get();
                }
            }
        }
        return null;
    }

    private static List<SymOp> operations(CifBlock b, String file, Lattice lattice) {
        List<SymOp> ops = new ArrayList<>();
        for (String tag : OP_TAGS) {
            CifBlock.Loop loop = b.loopWith(tag);
            if (loop != null) {
                int col = loop.column(tag);
                if (loop.rows().size() > MAX_OPERATIONS) {
                    throw new BadInputException(
                            file,
                            loop.line(),
                            loop.rows().size() + " symmetry operations; no space group has more than "
                                    + MAX_OPERATIONS);
                }
                for (CifBlock.Value[] row : loop.rows()) {
                    ops.add(op(row[col], file, lattice));
                }
                return ops;
            }
            CifBlock.Value single = b.item(tag);
            if (single != null) {
                ops.add(op(single, file, lattice));
                return ops;
            }
        }
        return ops;
    }

    private static SymOp op(CifBlock.Value v, String file, Lattice lattice) {
        SymOp op;
        try {
            op = SymOp.parse(v.text());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, v.line(), e.getMessage());
        }
        String problem = latticeSymmetryProblem(op, lattice);
        if (problem != null) {
            throw new BadInputException(file, v.line(), "symmetry operation '" + v.text() + "' " + problem);
        }
        return op;
    }

    /**
     * Why {@code op} is not a symmetry of the lattice, or null: its rotation part W (on
     * fractional coordinates) must be an integer matrix of determinant ±1 that keeps the metric,
     * WᵀGW = G with G = M·Mᵀ. A singular operation such as {@code x,x,x} would pile atoms onto a
     * line and change the composition.
     */
    static String latticeSymmetryProblem(SymOp op, Lattice lattice) {
        double[][] w = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                w[i][j] = op.rotation(i, j);
                if (Math.abs(w[i][j] - Math.rint(w[i][j])) > 1e-6) {
                    return "has a non-integer rotation entry " + w[i][j];
                }
            }
            if (!(Math.abs(op.translation(i)) <= MAX_ABS_FRACTIONAL)) {
                return "has a translation of magnitude above " + MAX_ABS_FRACTIONAL;
            }
        }
        double det = org.xtalflow.crystal.Mat3.det(w);
        if (Math.abs(Math.abs(det) - 1) > 1e-6) {
            return "has a rotation part of determinant " + det + " (a symmetry operation has ±1)";
        }
        double[][] m = lattice.matrix();
        double[][] g = new double[3][3];
        double scale = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                g[i][j] = m[i][0] * m[j][0] + m[i][1] * m[j][1] + m[i][2] * m[j][2];
            }
            scale = Math.max(scale, g[i][i]);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        v += w[k][i] * g[k][l] * w[l][j];
                    }
                }
                if (Math.abs(v - g[i][j]) > METRIC_TOLERANCE * scale) {
                    return "does not map the cell onto itself (it changes the metric: G'[" + i + "][" + j + "] = "
                            + String.format(java.util.Locale.ROOT, "%.4g", v) + " Å², G = "
                            + String.format(java.util.Locale.ROOT, "%.4g", g[i][j]) + " Å²)";
                }
            }
        }
        return null;
    }

    private static List<Site> sites(CifBlock b, String file, Lattice lattice) {
        CifBlock.Loop loop = b.loopWith("_atom_site_fract_x");
        boolean cartesian = false;
        if (loop == null) {
            loop = b.loopWith("_atom_site_cartn_x");
            cartesian = true;
        }
        if (loop == null) {
            throw new BadInputException(
                    file, b.line(), "block " + b.name() + " has no _atom_site loop with coordinates");
        }
        String p = cartesian ? "_atom_site_cartn_" : "_atom_site_fract_";
        int cx = loop.column(p + "x");
        int cy = loop.column(p + "y");
        int cz = loop.column(p + "z");
        if (cy < 0 || cz < 0) {
            throw new BadInputException(file, loop.line(), "atom_site loop lacks " + p + "y or " + p + "z");
        }
        int cType = loop.column("_atom_site_type_symbol");
        int cLabel = loop.column("_atom_site_label");
        int cOcc = loop.column("_atom_site_occupancy");
        if (cType < 0 && cLabel < 0) {
            throw new BadInputException(
                    file, loop.line(), "atom_site loop has neither _atom_site_type_symbol nor _atom_site_label");
        }
        if (loop.rows().size() > StructureFileLimits.maxSites()) {
            throw new InputLimitException(
                    file,
                    loop.line(),
                    "block " + b.name() + " lists " + loop.rows().size() + " sites",
                    "max sites",
                    StructureFileLimits.maxSites());
        }
        List<Site> sites = new ArrayList<>();
        for (CifBlock.Value[] row : loop.rows()) {
            CifBlock.Value speciesValue = cType >= 0 ? row[cType] : row[cLabel];
            Element el = species(speciesValue, file);
            double[] f = {number(row[cx], p + "x", file), number(row[cy], p + "y", file), number(row[cz], p + "z", file)
            };
            if (cartesian) {
                f = lattice.fractional(f);
            }
            for (double x : f) {
                if (!(Math.abs(x) <= MAX_ABS_FRACTIONAL)) {
                    throw new BadInputException(
                            file,
                            row[cx].line(),
                            "coordinate of " + el + " ("
                                    + row[cx].text() + ", " + row[cy].text() + ", " + row[cz].text()
                                    + ") is more than " + (int) MAX_ABS_FRACTIONAL + " cells from the origin");
                }
            }
            double occ = 1.0;
            if (cOcc >= 0 && !row[cOcc].text().equals("?") && !row[cOcc].text().equals(".")) {
                occ = number(row[cOcc], "_atom_site_occupancy", file);
                if (occ <= 0 || occ > 1.0 + 1e-3) {
                    throw new BadInputException(
                            file,
                            row[cOcc].line(),
                            "occupancy " + row[cOcc].text() + " of " + el + " is not in (0, 1]");
                }
                occ = Math.min(occ, 1.0);
            }
            String label = cLabel >= 0 ? row[cLabel].text() : el.symbol();
            sites.add(new Site(el, f, occ, label));
        }
        if (sites.isEmpty()) {
            throw new BadInputException(file, loop.line(), "atom_site loop has no rows");
        }
        return sites;
    }

    /** Element from a type symbol or label: "Fe", "Fe2+", "Fe3+", "O2-", "Fe1", "O1a". */
    private static Element species(CifBlock.Value v, String file) {
        Matcher m = SPECIES.matcher(v.text());
        if (m.find()) {
            String sym = m.group(1);
            Element e = Element.bySymbolOrNull(sym);
            if (e == null && sym.length() == 2) {
                e = Element.bySymbolOrNull(sym.substring(0, 1));
            }
            if (e != null) {
                return e;
            }
        }
        throw new BadInputException(file, v.line(), "unknown element in '" + v.text() + "'");
    }
}
