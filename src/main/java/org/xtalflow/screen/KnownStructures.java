package org.xtalflow.screen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;

/**
 * Known structures for the novelty filter, bucketed by reduced formula and space group. Entries
 * are kept as compact text and fingerprinted only when a candidate's bucket is first hit, so
 * loading the 5,557 bundled Materials Project ground states costs little.
 *
 * <p>Compact format (one structure per line, tab-separated): id, reduced formula, space-group
 * number, nsites, the 9 lattice-matrix entries (Å, rows a, b, c) space-separated, then the sites
 * as "El x y z" joined by ';'. {@link #writeCompact} writes it from a folder of CIFs.
 */
public final class KnownStructures {

    /** The bundled default set (Materials Project ground states, see SOURCE.md beside it). */
    public static final String BUILTIN_RESOURCE = "/xtalflow/screen/known/mp_groundstates.tsv.gz";

    private static final class Bucket {
        final List<String> lines = new ArrayList<>(1);
        volatile List<FingerprintIndex.Entry> entries;
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final List<String> sources = new ArrayList<>();
    private int count;

    public KnownStructures() {}

    public static KnownStructures builtin() {
        KnownStructures k = new KnownStructures();
        k.addBuiltin();
        return k;
    }

    public void addBuiltin() {
        try (InputStream raw = KnownStructures.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("missing resource " + BUILTIN_RESOURCE);
            }
            addCompact(new GZIPInputStream(raw), BUILTIN_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILTIN_RESOURCE, e);
        }
    }

    /** Reads the compact format. */
    public void addCompact(InputStream in, String name) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        int n = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", 6);
            if (c.length != 6) {
                throw new BadInputException(name, lineNo, "expected 6 tab-separated fields");
            }
            put(c[1] + "|" + c[2], line);
            n++;
        }
        sources.add(name + " (" + n + ")");
        count += n;
    }

    /**
     * Adds every CIF under {@code dir} (recursively), each with the space group its file declares.
     * Returns the files that could not be used, each with its reason (they are skipped).
     */
    public List<String> addCifFolder(Path dir) throws IOException {
        List<String> skipped = new ArrayList<>();
        CifReader reader = new CifReader();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".cif"))
                    .sorted()
                    .toList();
        }
        int n = 0;
        for (Path f : files) {
            try {
                for (CifStructure cs : reader.read(f)) {
                    if (cs.declaredSpaceGroup() == null) {
                        skipped.add(f + ": declares no space group");
                        continue;
                    }
                    String id = dir.relativize(f).toString() + (cs.blockName() == null ? "" : "#" + cs.blockName());
                    String line = compactLine(id, cs.structure(), cs.declaredSpaceGroup());
                    String[] c = line.split("\t", 6);
                    put(c[1] + "|" + c[2], line);
                    n++;
                }
            } catch (BadInputException e) {
                skipped.add(e.getMessage());
            }
        }
        sources.add(dir + " (" + n + ")");
        count += n;
        return skipped;
    }

    private void put(String key, String line) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket());
        synchronized (b) {
            b.lines.add(line);
            b.entries = null;
        }
    }

    public int size() {
        return count;
    }

    /** Where the entries came from, with counts. */
    public List<String> sources() {
        return List.copyOf(sources);
    }

    /** The id of a known structure matching {@code fp} within {@code tolerance}, or null. */
    public String match(Fingerprint fp, double tolerance) {
        Bucket b = buckets.get(fp.formulaGroupKey());
        if (b == null) {
            return null;
        }
        List<FingerprintIndex.Entry> entries = b.entries;
        if (entries == null) {
            synchronized (b) {
                if (b.entries == null) {
                    List<FingerprintIndex.Entry> list = new ArrayList<>();
                    for (String line : b.lines) {
                        list.add(fingerprintOf(line));
                    }
                    b.entries = list;
                }
                entries = b.entries;
            }
        }
        for (FingerprintIndex.Entry e : entries) {
            if (e.fingerprint().distance(fp) <= tolerance) {
                return e.id();
            }
        }
        return null;
    }

    /** Every known structure with its id (in no particular order), parsed from the compact lines. */
    public void forEachStructure(java.util.function.BiConsumer<String, Structure> action) {
        for (Bucket b : buckets.values()) {
            List<String> lines;
            synchronized (b) {
                lines = List.copyOf(b.lines);
            }
            for (String line : lines) {
                String[] c = line.split("\t", 6);
                action.accept(c[0], structureOf(c));
            }
        }
    }

    private static Structure structureOf(String[] c) {
        String[] m = c[4].split(" ");
        double[][] mat = new double[3][3];
        for (int i = 0; i < 9; i++) {
            mat[i / 3][i % 3] = Double.parseDouble(m[i]);
        }
        String[] sites = c[5].split(";");
        List<org.xtalflow.crystal.Site> out = new ArrayList<>(sites.length);
        for (String site : sites) {
            String[] t = site.split(" ");
            out.add(new org.xtalflow.crystal.Site(
                    Element.of(t[0]),
                    new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2]), Double.parseDouble(t[3])}));
        }
        return new Structure(new Lattice(mat), out);
    }

    private static FingerprintIndex.Entry fingerprintOf(String line) {
        String[] c = line.split("\t", 6);
        String[] m = c[4].split(" ");
        double[][] mat = new double[3][3];
        for (int i = 0; i < 9; i++) {
            mat[i / 3][i % 3] = Double.parseDouble(m[i]);
        }
        String[] sites = c[5].split(";");
        Element[] sp = new Element[sites.length];
        double[] f = new double[3 * sites.length];
        for (int i = 0; i < sites.length; i++) {
            String[] t = sites[i].split(" ");
            sp[i] = Element.of(t[0]);
            f[3 * i] = Double.parseDouble(t[1]);
            f[3 * i + 1] = Double.parseDouble(t[2]);
            f[3 * i + 2] = Double.parseDouble(t[3]);
        }
        Cell cell = new Cell(new Lattice(mat), sp, f, sites.length);
        return new FingerprintIndex.Entry(c[0], Fingerprint.of(cell, Integer.parseInt(c[2])));
    }

    /** One line of the compact format. */
    public static String compactLine(String id, Structure s, SpaceGroup sg) {
        StringBuilder sb = new StringBuilder();
        sb.append(id.replace('\t', ' '))
                .append('\t')
                .append(s.composition().reducedFormula())
                .append('\t')
                .append(sg.number())
                .append('\t')
                .append(s.size())
                .append('\t');
        Lattice l = s.lattice();
        for (int i = 0; i < 9; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%.6f", l.get(i / 3, i % 3)));
        }
        sb.append('\t');
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            double[] f = s.site(i).frac();
            sb.append(s.species(i).symbol()).append(String.format(Locale.ROOT, " %.6f %.6f %.6f", f[0], f[1], f[2]));
        }
        return sb.toString();
    }

    /**
     * Writes the compact form of every CIF in {@code dir} (sorted by file name) that declares a
     * space group; returns the number written.
     */
    public static int writeCompact(Path dir, Writer out) throws IOException {
        CifReader reader = new CifReader();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".cif"))
                    .sorted()
                    .toList();
        }
        int n = 0;
        for (Path f : files) {
            for (CifStructure cs : reader.read(f)) {
                if (cs.declaredSpaceGroup() == null) {
                    continue;
                }
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - 4);
                out.write(compactLine(id, cs.structure(), cs.declaredSpaceGroup()));
                out.write('\n');
                n++;
            }
        }
        return n;
    }
}
