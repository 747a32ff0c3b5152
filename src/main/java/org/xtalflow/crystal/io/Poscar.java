package org.xtalflow.crystal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;

/**
 * VASP 5 POSCAR/CONTCAR reading and writing: comment line, scale (negative = target volume in Å³),
 * lattice, species line, counts, optional Selective dynamics, Direct or Cartesian coordinates.
 */
public final class Poscar {

    private final String comment;
    private final Structure structure;
    private final boolean[][] selectiveDynamics; // null when absent

    public Poscar(String comment, Structure structure, boolean[][] selectiveDynamics) {
        this.comment = comment;
        this.structure = structure;
        this.selectiveDynamics = selectiveDynamics;
    }

    public Poscar(Structure structure) {
        this(structure.composition().formula(), structure, null);
    }

    public String comment() {
        return comment;
    }

    public Structure structure() {
        return structure;
    }

    /** Per-site flags (x, y, z may move), or null when the file has no Selective dynamics. */
    public boolean[][] selectiveDynamics() {
        return selectiveDynamics;
    }

    public static Poscar read(Path path) {
        try {
            if (Files.size(path) > StructureFileLimits.maxBytes()) {
                throw new InputLimitException(
                        path.toString(),
                        0,
                        "file is larger than " + (StructureFileLimits.maxBytes() >> 20) + " MiB",
                        "max bytes",
                        StructureFileLimits.maxBytes());
            }
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new BadInputException(path.toString(), 0, "cannot read file: " + e.getMessage(), e);
        }
    }

    public static Poscar parse(String text, String file) {
        String[] lines = linesWithoutTrailingBlanks(text);
        if (text.isBlank()) {
            throw new BadInputException(file, 0, "empty file");
        }
        if (lines.length < 8) {
            throw new BadInputException(file, lines.length, "too short for a POSCAR (" + lines.length + " lines)");
        }
        String comment = lines[0].trim();
        double scale = num(lines[1].trim().split("\\s+")[0], file, 2, "scale factor");
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            String[] t = lines[2 + i].trim().split("\\s+");
            if (t.length < 3) {
                throw new BadInputException(file, 3 + i, "lattice vector needs 3 numbers");
            }
            for (int j = 0; j < 3; j++) {
                m[i][j] = num(t[j], file, 3 + i, "lattice vector");
            }
        }
        int ln = 5;
        String[] speciesTok = lines[ln].trim().split("\\s+");
        if (speciesTok.length == 0 || speciesTok[0].isEmpty() || !Character.isLetter(speciesTok[0].charAt(0))) {
            // VASP 4 layout: no species line; pymatgen then takes the species from the labels
            // that follow the coordinates (as in pymatgen's test POSCARs)
            speciesTok = vasp4Species(lines, file);
            ln--;
        }
        List<Element> species = new ArrayList<>();
        for (String s : speciesTok) {
            // POTCAR-style names such as "Fe_pv" or "Fe/abc123" name the element first
            int cut = s.length();
            for (int k = 0; k < s.length(); k++) {
                if (s.charAt(k) == '_' || s.charAt(k) == '/') {
                    cut = k;
                    break;
                }
            }
            String sym = s.substring(0, cut);
            Element e = Element.bySymbolOrNull(sym);
            if (e == null) {
                throw new BadInputException(file, ln + 1, "unknown element '" + s + "'");
            }
            species.add(e);
        }
        ln++;
        String[] countTok = lines[ln].trim().split("\\s+");
        if (countTok.length != species.size()) {
            throw new BadInputException(file, ln + 1, species.size() + " species but " + countTok.length + " counts");
        }
        int[] counts = new int[countTok.length];
        int total = 0;
        for (int i = 0; i < counts.length; i++) {
            try {
                counts[i] = Integer.parseInt(countTok[i]);
            } catch (NumberFormatException e) {
                throw new BadInputException(file, ln + 1, "malformed count '" + countTok[i] + "'");
            }
            if (counts[i] < 0) {
                throw new BadInputException(file, ln + 1, "negative count " + counts[i]);
            }
            total += counts[i];
            if (total > StructureFileLimits.maxSites()) {
                throw new InputLimitException(
                        file,
                        ln + 1,
                        "more than " + StructureFileLimits.maxSites() + " sites",
                        "max sites",
                        StructureFileLimits.maxSites());
            }
        }
        if (total == 0) {
            throw new BadInputException(file, ln + 1, "no atoms");
        }
        ln++;
        boolean selective = false;
        if (ln < lines.length && lines[ln].trim().toLowerCase(Locale.ROOT).startsWith("s")) {
            selective = true;
            ln++;
        }
        if (ln >= lines.length) {
            throw new BadInputException(file, ln, "missing coordinate mode line");
        }
        char mode = lines[ln].trim().isEmpty()
                ? 'd'
                : Character.toLowerCase(lines[ln].trim().charAt(0));
        boolean cart = mode == 'c' || mode == 'k';
        ln++;
        Lattice raw = lattice(m, file);
        double factor = scale < 0 ? Math.cbrt(-scale / raw.volume()) : scale;
        if (!(factor > 0)) {
            throw new BadInputException(file, 2, "scale factor must be non-zero");
        }
        for (double[] row : m) {
            for (int j = 0; j < 3; j++) {
                row[j] *= factor;
            }
        }
        Lattice lattice = lattice(m, file);
        List<Site> sites = new ArrayList<>();
        boolean[][] sd = selective ? new boolean[total][3] : null;
        int k = 0;
        for (int s = 0; s < species.size(); s++) {
            for (int c = 0; c < counts[s]; c++, k++) {
                int lineIdx = ln + k;
                if (lineIdx >= lines.length) {
                    throw new BadInputException(
                            file, lineIdx, "expected " + total + " coordinate lines, file ends after " + k);
                }
                String[] t = lines[lineIdx].trim().split("\\s+");
                if (t.length < 3) {
                    throw new BadInputException(file, lineIdx + 1, "coordinate line needs 3 numbers");
                }
                double[] v = {
                    num(t[0], file, lineIdx + 1, "coordinate"),
                    num(t[1], file, lineIdx + 1, "coordinate"),
                    num(t[2], file, lineIdx + 1, "coordinate")
                };
                if (cart) {
                    for (int j = 0; j < 3; j++) {
                        v[j] *= factor;
                    }
                    v = lattice.fractional(v);
                }
                for (double x : v) {
                    if (!(Math.abs(x) <= StructureFileLimits.MAX_ABS_FRACTIONAL)) {
                        throw new BadInputException(
                                file,
                                lineIdx + 1,
                                "coordinate of " + species.get(s)
                                        + " is more than " + (int) StructureFileLimits.MAX_ABS_FRACTIONAL
                                        + " cells from the origin");
                    }
                }
                if (selective) {
                    if (t.length < 6) {
                        throw new BadInputException(file, lineIdx + 1, "selective dynamics needs T/F flags");
                    }
                    for (int j = 0; j < 3; j++) {
                        sd[k][j] = t[3 + j].equalsIgnoreCase("T");
                    }
                }
                sites.add(new Site(species.get(s), v));
            }
        }
        return new Poscar(comment, new Structure(lattice, sites), sd);
    }

    /** The lines (\n, \r\n or \r ends them) without the empty ones at the end; no regex over the whole text. */
    private static String[] linesWithoutTrailingBlanks(String text) {
        String[] lines = text.lines().toArray(String[]::new);
        int n = lines.length;
        while (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        return n == lines.length ? lines : java.util.Arrays.copyOf(lines, n);
    }

    private static Lattice lattice(double[][] m, String file) {
        try {
            return new Lattice(m);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, 3, e.getMessage());
        }
    }

    /** Species of a VASP 4 POSCAR from the label after the first coordinate line of each group. */
    private static String[] vasp4Species(String[] lines, String file) {
        String[] counts = lines[5].trim().split("\\s+");
        int ln = 6;
        boolean selective =
                ln < lines.length && lines[ln].trim().toLowerCase(Locale.ROOT).startsWith("s");
        if (selective) {
            ln++;
        }
        ln++; // coordinate mode line
        String[] out = new String[counts.length];
        int k = 0;
        for (int s = 0; s < counts.length; s++) {
            int n;
            try {
                n = Integer.parseInt(counts[s]);
            } catch (NumberFormatException e) {
                throw new BadInputException(file, 6, "VASP 4 POSCAR: malformed count '" + counts[s] + "'");
            }
            if (n < 0 || n > StructureFileLimits.maxSites() - k) {
                throw new BadInputException(
                        file,
                        6,
                        "VASP 4 POSCAR: count " + n + " is not in 0.." + StructureFileLimits.maxSites() + " in all");
            }
            int lineIdx = ln + k;
            String[] t = lineIdx < lines.length ? lines[lineIdx].trim().split("\\s+") : new String[0];
            int labelAt = selective ? 6 : 3;
            if (n == 0 || t.length <= labelAt || !Character.isLetter(t[labelAt].charAt(0))) {
                throw new BadInputException(
                        file,
                        6,
                        "VASP 4 POSCAR without a species line or species labels "
                                + "after the coordinates: species are unknown");
            }
            out[s] = t[labelAt];
            k += n;
        }
        return out;
    }

    private static double num(String s, String file, int line, String what) {
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BadInputException(file, line, "malformed " + what + " '" + s + "'");
        }
    }

    /**
     * POSCAR text with sites grouped by species in first-appearance order (callers that need
     * VASP's electronegativity order sort the structure first). Direct coordinates, scale 1.
     */
    public String toText() {
        Map<Element, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < structure.size(); i++) {
            groups.computeIfAbsent(structure.species(i), e -> new ArrayList<>()).add(i);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(comment.replace('\n', ' ')).append('\n');
        sb.append("1.0\n");
        double[][] m = structure.lattice().matrix();
        for (double[] row : m) {
            sb.append(String.format(Locale.ROOT, "%22.16f%22.16f%22.16f%n", row[0], row[1], row[2]));
        }
        StringBuilder names = new StringBuilder();
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<Element, List<Integer>> g : groups.entrySet()) {
            names.append(g.getKey().symbol()).append(' ');
            counts.append(g.getValue().size()).append(' ');
        }
        sb.append(names.toString().trim()).append('\n');
        sb.append(counts.toString().trim()).append('\n');
        if (selectiveDynamics != null) {
            sb.append("Selective dynamics\n");
        }
        sb.append("direct\n");
        for (List<Integer> idx : groups.values()) {
            for (int i : idx) {
                double[] f = structure.site(i).frac();
                sb.append(String.format(Locale.ROOT, "%20.16f%20.16f%20.16f", f[0], f[1], f[2]));
                if (selectiveDynamics != null) {
                    for (boolean b : selectiveDynamics[i]) {
                        sb.append(b ? " T" : " F");
                    }
                }
                sb.append(' ').append(structure.species(i).symbol()).append('\n');
            }
        }
        return sb.toString();
    }

    public void write(Path path) throws IOException {
        Files.writeString(path, toText(), StandardCharsets.UTF_8);
    }
}
