package org.xtalflow.screen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.io.CifReader;
import org.xtalflow.crystal.io.CifStructure;
import org.xtalflow.crystal.io.CifWriter;

/**
 * Material for checking the duplicate filter's fingerprint tolerance against pymatgen's
 * StructureMatcher: screens candidates (CIF folders written by {@code xtalflow generate} without
 * --screen, one chemical system each, where duplicates are common) with every filter but
 * duplicate and novelty, groups the survivors by prototype key (reduced formula, space group, sites), and
 * writes pairs from the same key with their fingerprint difference (all pairs up to 0.4, a random
 * share of the rest) plus each structure as a P1 CIF. scripts/reference/duplicate_matcher.py
 * then labels each pair with StructureMatcher and tabulates agreement per tolerance.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *   org.xtalflow.screen.DuplicateToleranceStudy OUT_DIR CIF_DIR...
 * /usr/bin/python3 scripts/reference/duplicate_matcher.py OUT_DIR
 * </pre>
 */
public final class DuplicateToleranceStudy {

    private record Survivor(String id, Cell cell, SpaceGroup group, Fingerprint fp) {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.resolve("cifs"));
        ScreeningConfig cfg = ScreeningConfig.defaults();
        cfg.filters = new ArrayList<>(List.of("size", "distance", "charge", "spacegroup"));
        Map<String, List<Survivor>> byKey = new HashMap<>();
        CifReader reader = new CifReader();
        long count = 0;
        long seed = 3;
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            for (int a = 1; a < args.length; a++) {
                List<Path> files;
                try (var list = Files.list(Path.of(args[a]))) {
                    files = list.filter(x -> x.toString().endsWith(".cif"))
                            .sorted()
                            .toList();
                }
                for (Path file : files) {
                    CifStructure cs = reader.read(file).get(0);
                    Cell cell = Cell.of(cs.structure());
                    SpaceGroup g = cs.declaredSpaceGroup();
                    String id = Path.of(args[a]).getFileName() + "/"
                            + file.getFileName().toString().replace(".cif", "");
                    count++;
                    if (p.screen(id, cell, g).passed()) {
                        Fingerprint fp = cell.fingerprint(g.number());
                        byKey.computeIfAbsent(fp.prototypeKey(), k -> new ArrayList<>())
                                .add(new Survivor(id, cell, g, fp));
                    }
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int pairs = 0;
        int near = 0;
        java.util.Set<String> written = new java.util.HashSet<>();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("pairs.tsv")))) {
            w.println("a\tb\tkey\tfingerprint_difference");
            for (Map.Entry<String, List<Survivor>> e : byKey.entrySet()) {
                List<Survivor> s = e.getValue();
                for (int a = 0; a < s.size(); a++) {
                    for (int b = a + 1; b < s.size(); b++) {
                        double d = s.get(a).fp().distance(s.get(b).fp());
                        // every close pair; one in 50 of the far ones, enough to see that they are different
                        if (d > 0.4 && rnd.nextInt(50) != 0) {
                            continue;
                        }
                        near += d <= 0.4 ? 1 : 0;
                        for (Survivor x : List.of(s.get(a), s.get(b))) {
                            if (written.add(x.id())) {
                                CifWriter.writeP1(
                                        x.cell().toStructure(),
                                        out.resolve("cifs").resolve(x.id().replace('/', '~') + ".cif"));
                            }
                        }
                        w.printf(
                                Locale.ROOT,
                                "%s\t%s\t%s\t%.5f%n",
                                s.get(a).id(),
                                s.get(b).id(),
                                e.getKey(),
                                d);
                        pairs++;
                    }
                }
            }
        }
        long survivors = byKey.values().stream().mapToLong(List::size).sum();
        System.out.printf(
                Locale.ROOT,
                "%d candidates, %d survivors in %d prototype keys; %d pairs written (%d with difference <= 0.4)%n",
                count,
                survivors,
                byKey.size(),
                pairs,
                near);
    }
}
