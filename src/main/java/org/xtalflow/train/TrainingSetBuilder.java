package org.xtalflow.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymmetryExpansion;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.generate.LatticePattern;
import org.xtalflow.generate.PgcgmTables;

/**
 * Builds the ternary one-orbit-per-element training set from the project's shared data:
 * mp_groundstates (index.csv nelements=3, one_orbit_per_element=1; symmetrized CIFs),
 * structures_cubicgan_oqmd (symmetrized F-43m CIFs) and the ternary ABX3 rows of
 * structures_perov5 that are ideal cubic perovskites (P1 CIFs, re-expressed in Pm-3m with the
 * origin on a single-site element). Every material must use only elements with PGCGM features
 * and a group whose angles are fixed (16-230). Counts of what was dropped and why are kept.
 */
public final class TrainingSetBuilder {

    private final Map<String, Integer> dropped = new TreeMap<>();
    private final Map<String, Integer> kept = new LinkedHashMap<>();
    private final CifReader reader = new CifReader();

    public List<TrainingMaterial> build(Path sharedData) throws IOException {
        List<TrainingMaterial> out = new ArrayList<>();
        readMp(sharedData.resolve("mp_groundstates"), out);
        readCubicGan(sharedData.resolve("structures_cubicgan_oqmd"), out);
        for (String f : new String[] {"val.csv", "test.csv"}) {
            readPerov(sharedData.resolve("structures_perov5").resolve(f), out);
        }
        return out;
    }

    public Map<String, Integer> dropped() {
        return dropped;
    }

    public Map<String, Integer> kept() {
        return kept;
    }

    private void drop(String why) {
        dropped.merge(why, 1, Integer::sum);
    }

    private void keep(String source, TrainingMaterial m, List<TrainingMaterial> out) {
        out.add(m);
        kept.merge(source, 1, Integer::sum);
    }

    private void readMp(Path dir, List<TrainingMaterial> out) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        String[] head = lines.get(0).split(",");
        int iId = indexOf(head, "material_id");
        int iN = indexOf(head, "nelements");
        int iOne = indexOf(head, "one_orbit_per_element");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (!f[iN].equals("3") || !f[iOne].equals("1")) {
                continue;
            }
            fromSymmetrizedCif(dir.resolve("cifs").resolve(f[iId] + ".cif"), f[iId], "mp_groundstates", out);
        }
    }

    private void readCubicGan(Path dir, List<TrainingMaterial> out) throws IOException {
        try (var files = Files.list(dir.resolve("cifs"))) {
            for (Path p : files.sorted().toList()) {
                String id = "oqmd-" + p.getFileName().toString().replace(".cif", "");
                fromSymmetrizedCif(p, id, "structures_cubicgan_oqmd", out);
            }
        }
    }

    private static int indexOf(String[] head, String col) {
        for (int i = 0; i < head.length; i++) {
            if (head[i].equals(col)) {
                return i;
            }
        }
        throw new BadInputException("index.csv", 1, "no column " + col);
    }

    private void fromSymmetrizedCif(Path cif, String id, String source, List<TrainingMaterial> out) {
        CifStructure cs;
        try {
            cs = reader.read(cif).get(0);
        } catch (BadInputException e) {
            drop("unreadable CIF");
            return;
        }
        SpaceGroup sg = cs.declaredSpaceGroup();
        if (sg == null) {
            drop("no space group");
            return;
        }
        TrainingMaterial m = fromStructure(id, source, cs.structure(), sg);
        if (m != null) {
            keep(source, m, out);
        }
    }

    /** Groups the sites by element; null (with a reason counted) when it does not fit PGCGM. */
    TrainingMaterial fromStructure(String id, String source, Structure s, SpaceGroup sg) {
        if (!LatticePattern.supports(sg)) {
            drop("monoclinic/triclinic group");
            return null;
        }
        List<Element> els = s.composition().elements();
        if (els.size() != 3) {
            drop("not ternary");
            return null;
        }
        for (Element e : els) {
            if (!PgcgmTables.get().hasFeatures(e)) {
                drop("element outside PGCGM's 63");
                return null;
            }
        }
        double[] ang = s.lattice().angles();
        double[] want = LatticePattern.angles(sg);
        for (int i = 0; i < 3; i++) {
            if (Math.abs(ang[i] - want[i]) > 0.01) {
                drop("cell angles not the group's fixed angles");
                return null;
            }
        }
        double[][][] orbits = new double[3][][];
        for (int m = 0; m < 3; m++) {
            List<double[]> pos = new ArrayList<>();
            for (Site site : s.sites()) {
                if (site.species() == els.get(m)) {
                    double[] f = site.frac();
                    pos.add(new double[] {
                        SymmetryExpansion.wrap(f[0]), SymmetryExpansion.wrap(f[1]), SymmetryExpansion.wrap(f[2])
                    });
                }
            }
            orbits[m] = pos.toArray(new double[0][]);
        }
        return new TrainingMaterial(id, source, sg, els, s.lattice().abc(), orbits);
    }

    private void readPerov(Path csv, List<TrainingMaterial> out) throws IOException {
        List<List<String>> rows = Csv.read(Files.readString(csv));
        List<String> head = rows.get(0);
        int iId = head.indexOf("material_id");
        int iCif = head.indexOf("cif");
        SpaceGroup pm3m = SpaceGroup.of(221);
        for (List<String> row : rows.subList(1, rows.size())) {
            String id = "perov5-" + row.get(iId);
            Structure s;
            try {
                s = reader.read(row.get(iCif), id).get(0).structure();
            } catch (BadInputException | IndexOutOfBoundsException e) {
                drop("unreadable CIF");
                continue;
            }
            if (s.composition().numElements() != 3) {
                continue; // quaternaries and binaries are not part of this set
            }
            Structure std = cubicPerovskite(s, pm3m);
            if (std == null) {
                drop("perov5: not an ideal cubic perovskite");
                continue;
            }
            TrainingMaterial m = fromStructure(id, "structures_perov5", std, pm3m);
            if (m != null) {
                keep("structures_perov5", m, out);
            }
        }
    }

    /**
     * The 5-atom cell re-expressed with its origin on a single-site element, if it then equals
     * its own Pm-3m orbit expansion within 0.01 (fractional); null otherwise.
     */
    static Structure cubicPerovskite(Structure s, SpaceGroup pm3m) {
        Lattice l = s.lattice();
        double[] abc = l.abc();
        double[] ang = l.angles();
        if (s.size() != 5
                || Math.abs(abc[0] - abc[1]) > 1e-3 * abc[0]
                || Math.abs(abc[0] - abc[2]) > 1e-3 * abc[0]
                || Math.abs(ang[0] - 90) > 0.01
                || Math.abs(ang[1] - 90) > 0.01
                || Math.abs(ang[2] - 90) > 0.01) {
            return null;
        }
        for (int o = 0; o < 5; o++) {
            if (s.composition().get(s.species(o)) != 1.0) {
                continue;
            }
            double[] origin = s.site(o).frac();
            List<Site> shifted = new ArrayList<>();
            for (Site site : s.sites()) {
                double[] f = site.frac();
                shifted.add(new Site(site.species(), new double[] {
                    SymmetryExpansion.wrap(f[0] - origin[0]),
                    SymmetryExpansion.wrap(f[1] - origin[1]),
                    SymmetryExpansion.wrap(f[2] - origin[2])
                }));
            }
            // Snap to the nearest 1/2 multiples and check that the snapped set is the Pm-3m expansion.
            List<Site> snapped = new ArrayList<>();
            boolean ok = true;
            for (Site site : shifted) {
                double[] f = site.frac();
                double[] g = new double[3];
                for (int c = 0; c < 3; c++) {
                    g[c] = SymmetryExpansion.wrap(Math.rint(f[c] * 2) / 2);
                    double d = f[c] - g[c];
                    d -= Math.rint(d);
                    ok &= Math.abs(d) < 0.01;
                }
                snapped.add(new Site(site.species(), g));
            }
            if (!ok) {
                continue;
            }
            Structure cand = new Structure(l, snapped);
            List<Site> bases = new ArrayList<>();
            for (Element e : cand.composition().elements()) {
                for (Site site : snapped) {
                    if (site.species() == e) {
                        bases.add(site);
                        break;
                    }
                }
            }
            Structure expanded = SymmetryExpansion.expand(Lattice.cubic(abc[0]), bases, pm3m.operations(), 1e-4);
            if (expanded.size() == 5 && expanded.composition().equals(cand.composition())) {
                return expanded;
            }
        }
        return null;
    }

    /** Minimal RFC 4180 reader (quoted fields may span lines; "" is a quote). */
    static final class Csv {
        private Csv() {}

        static List<List<String>> read(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(ch);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
