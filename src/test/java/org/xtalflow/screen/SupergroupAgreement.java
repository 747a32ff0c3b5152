package org.xtalflow.screen;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.screen.bench.RandomCandidates;

/**
 * Checks the space-group filter's shortcut against spglib on generator-like candidates: every
 * candidate that keeps its intended group's operations (after merge, at most
 * {@code screening.size.max_sites} sites) is given both to {@link SpaceGroupFilter#onlyIntendedSymmetry}
 * and to spglib. A disagreement is a candidate the shortcut would pass but spglib would reject.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *   org.xtalflow.screen.SupergroupAgreement [candidates=20000] [seed=7]
 * </pre>
 */
public final class SupergroupAgreement {

    private final Spglib spglib;
    private final SpaceGroupFilter filter;
    private final double symprec = SpaceGroupFilter.DEFAULT_SYMPREC;
    long checked;
    long shortcut;
    long disagreements;
    long spglibRejects;
    final java.util.List<String> disagreeing = new java.util.ArrayList<>();
    final Map<String, long[]> perGroup = new TreeMap<>();

    public SupergroupAgreement() {
        spglib = Spglib.load(null);
        if (spglib == null) {
            throw new IllegalStateException(Spglib.lastProblem());
        }
        filter = new SpaceGroupFilter(SpaceGroupFilter.DEFAULT_TOLERANCE_ANGSTROM, symprec, spglib, null);
    }

    public static void main(String[] args) {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 20_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        long t0 = System.nanoTime();
        SupergroupAgreement a = new SupergroupAgreement();
        a.addRandom(new RandomCandidates(seed), count);
        System.out.printf(
                Locale.ROOT,
                "%d candidates drawn, %d keep their group's operations; shortcut settles %d (%.1f%%);"
                        + " spglib rejects %d; disagreements %d; %.1f s%n",
                count,
                a.checked,
                a.shortcut,
                100.0 * a.shortcut / Math.max(1, a.checked),
                a.spglibRejects,
                a.disagreements,
                (System.nanoTime() - t0) / 1e9);
        a.perGroup.forEach((g, v) -> System.out.printf(
                Locale.ROOT,
                "  %-12s checked %6d shortcut %6d spglib-rejects %6d disagree %d%n",
                g,
                v[0],
                v[1],
                v[2],
                v[3]));
        a.disagreeing.forEach(d -> System.out.println("disagreement: " + d));
    }

    /** Generator-like candidates, merged, within the default size cap. */
    void addRandom(RandomCandidates src, long count) {
        Merger merger = new Merger();
        int maxSites = ScreeningConfig.defaults().maxSites;
        RandomCandidates.Flat f = new RandomCandidates.Flat();
        for (long i = 0; i < count; i++) {
            src.next(f);
            Cell cell = new Cell(f.lattice, Arrays.copyOf(f.species, f.n), Arrays.copyOf(f.frac, 3 * f.n), f.n);
            merger.merge(cell);
            if (cell.size() <= maxSites) {
                add("random" + i, cell, f.spaceGroup);
            }
        }
    }

    /** Compares shortcut and spglib on one cell if it keeps g's operations; returns whether it did. */
    boolean add(String id, Cell cell, SpaceGroup g) {
        if (SymmetryCheck.firstBrokenOperation(cell, g, SpaceGroupFilter.DEFAULT_TOLERANCE_ANGSTROM) != null) {
            return false;
        }
        checked++;
        int[] types = cell.typeIds();
        CentredCellReduction.Reduced p = CentredCellReduction.reduce(
                cell.lattice(), cell.fracArray(), types, cell.size(), g, SpaceGroupFilter.DEFAULT_TOLERANCE_ANGSTROM);
        boolean quick = filter.onlyIntendedSymmetry(cell, g, p, types);
        int found = p != null
                ? spglib.spaceGroupNumber(p.lattice(), p.frac(), p.types(), p.n(), symprec)
                : spglib.spaceGroupNumber(cell.lattice(), cell.fracArray(), types, cell.size(), symprec);
        long[] v = perGroup.computeIfAbsent(g.number() + " " + g.symbol(), k -> new long[4]);
        v[0]++;
        if (quick) {
            shortcut++;
            v[1]++;
        }
        if (found != g.number()) {
            spglibRejects++;
            v[2]++;
            if (quick) {
                disagreements++;
                v[3]++;
                disagreeing.add(id + ": intended " + g + ", spglib finds " + found);
            }
        }
        return true;
    }
}
