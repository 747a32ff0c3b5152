package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

class FingerprintDuplicateNoveltyTest {

    /** Origin shift, shuffled site order, 2x1x1 supercell and 7% larger lattice: the same structure. */
    static Structure disguised(Structure s, long seed, double jitterAngstrom) {
        Random rnd = new Random(seed);
        double[] shift = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
        double[][] m = s.lattice().matrix();
        double[][] big = new double[3][3];
        for (int j = 0; j < 3; j++) {
            big[0][j] = 2 * m[0][j] * 1.07;
            big[1][j] = m[1][j] * 1.07;
            big[2][j] = m[2][j] * 1.07;
        }
        Lattice lat = new Lattice(big);
        List<Site> sites = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            for (Site site : s.sites()) {
                double[] f = site.frac();
                double[] g = {(f[0] + shift[0] + copy) / 2, f[1] + shift[1], f[2] + shift[2]};
                for (int k = 0; k < 3; k++) {
                    g[k] += rnd.nextGaussian() * jitterAngstrom / lat.abc()[k];
                }
                sites.add(new Site(site.species(), g, 1, null));
            }
        }
        Collections.shuffle(sites, rnd);
        return new Structure(lat, sites);
    }

    @Test
    void fingerprintIgnoresOriginOrderCellChoiceAndScaleButSeesTheArrangement() {
        Structure cscl = FiltersTest.groundState("mp-22865"); // CsCl
        Structure nacl = FiltersTest.groundState("mp-22862"); // NaCl
        Fingerprint a = Fingerprint.of(Cell.of(cscl), 221);
        assertThat(a.distance(Fingerprint.of(Cell.of(disguised(cscl, 1, 0)), 221)))
                .isLessThan(1e-4);
        assertThat(a.distance(Fingerprint.of(Cell.of(disguised(cscl, 2, 0.03)), 221)))
                .isLessThan(0.05);
        // rock salt vs CsCl type (both AB, both cubic): far apart
        Fingerprint b = Fingerprint.of(Cell.of(nacl), 225);
        Fingerprint csclAsRockSalt = Fingerprint.of(
                Cell.of(new Structure(
                        nacl.lattice(),
                        nacl.sites().stream()
                                .map(s -> new Site(
                                        s.species().symbol().equals("Na")
                                                ? org.xtalflow.crystal.Element.of("Cs")
                                                : s.species(),
                                        s.frac(),
                                        1,
                                        null))
                                .toList())),
                225);
        assertThat(a.reducedFormula()).isEqualTo(csclAsRockSalt.reducedFormula());
        assertThat(a.distance(csclAsRockSalt)).isGreaterThan(0.3);
        assertThat(b.distance(b)).isZero();
    }

    @Test
    void duplicatesCollapseWithinARunAndAcrossRunsThroughTheStore(@TempDir Path tmp) throws Exception {
        Structure bate = FiltersTest.groundState("mp-1000");
        SpaceGroup fm3m = SpaceGroup.of(225);
        Path store = tmp.resolve("seen.tsv");
        try (DuplicateFilter run1 = new DuplicateFilter(0.1, store)) {
            Cell first = Cell.of(bate);
            assertThat(run1.check(first, fm3m)).isNull();
            run1.accepted(first, fm3m, "cand-1");
            Rejection again = run1.check(Cell.of(disguised(bate, 3, 0.02)), fm3m);
            // the disguised copy has 16 sites: another prototype key, so not a duplicate by key...
            assertThat(again).isNull();
            // ...but a shifted, shuffled copy of the same cell is
            Structure shifted = disguisedSameCell(bate);
            Rejection dup = run1.check(Cell.of(shifted), fm3m);
            assertThat(dup.code()).isEqualTo("duplicate.this_run");
            assertThat(dup.detail()).contains("cand-1");
        }
        assertThat(Files.readString(store)).startsWith("BaTe\t225\t8\tcand-1\t");
        try (DuplicateFilter run2 = new DuplicateFilter(0.1, store)) {
            assertThat(run2.loadedFromStore()).isEqualTo(1);
            assertThat(run2.check(Cell.of(disguisedSameCell(bate)), fm3m).code())
                    .isEqualTo("duplicate.previous_run");
        }
    }

    @Test
    void identicalCandidatesScreenedConcurrentlyLetExactlyOneThrough(@TempDir Path tmp) throws Exception {
        Structure bate = FiltersTest.groundState("mp-1000");
        SpaceGroup fm3m = SpaceGroup.of(225);
        ScreeningConfig cfg = ScreeningConfig.defaults();
        // spglib on every candidate after the duplicate stage (~28 ms on a cubic F cell) holds the
        // window between the duplicate look-up and the acceptance wide open
        cfg.filters = new ArrayList<>(List.of("size", "duplicate", "spacegroup"));
        cfg.spglib = "required";
        cfg.spglibEveryCandidate = true;
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                cfg.duplicateStore = tmp.resolve("seen-" + round + ".tsv");
                try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                    List<java.util.concurrent.Future<Verdict>> verdicts = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        String id = "r" + round + "-t" + t;
                        Cell copy = Cell.of(bate);
                        verdicts.add(pool.submit(() -> {
                            start.await();
                            return p.screen(id, copy, fm3m);
                        }));
                    }
                    int passed = 0;
                    for (java.util.concurrent.Future<Verdict> v : verdicts) {
                        Verdict verdict = v.get();
                        if (verdict.passed()) {
                            passed++;
                        } else {
                            assertThat(verdict.reason()).isEqualTo("duplicate.this_run");
                        }
                    }
                    assertThat(passed).as("round " + round).isEqualTo(1);
                    assertThat(p.funnel().getPassed() + p.funnel().getRejected())
                            .isEqualTo(threads);
                }
                assertThat(Files.readAllLines(cfg.duplicateStore)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCandidateRejectedAfterTheDuplicateStageLeavesNoReservationBehind() {
        // BaTe is a known structure: the novelty filter (after duplicate) rejects it, and the
        // next identical candidate must be judged by novelty again, not called a duplicate of a reject
        ScreeningConfig cfg = ScreeningConfig.defaults();
        cfg.filters = new ArrayList<>(List.of("duplicate", "novelty"));
        SpaceGroup fm3m = SpaceGroup.of(225);
        Structure bate = FiltersTest.groundState("mp-1000");
        try (ScreeningPipeline p = ScreeningPipeline.fromConfig(cfg)) {
            assertThat(p.screen("a", Cell.of(bate), fm3m).reason()).isEqualTo("novelty.known");
            assertThat(p.screen("b", Cell.of(disguisedSameCell(bate)), fm3m).reason())
                    .isEqualTo("novelty.known");
            DuplicateFilter d = (DuplicateFilter) p.filters().get(0);
            assertThat(d.size()).isZero();
        }
    }

    static Structure disguisedSameCell(Structure s) {
        List<Site> sites = new ArrayList<>();
        for (Site site : s.sites()) {
            double[] f = site.frac();
            sites.add(new Site(site.species(), new double[] {f[0] + 0.31, f[1] - 0.12, f[2] + 0.77}, 1, null));
        }
        Collections.reverse(sites);
        return new Structure(s.lattice(), sites);
    }

    @Test
    void noveltyFindsKnownStructuresInTheBundledSetAndInUserFolders(@TempDir Path tmp) throws Exception {
        KnownStructures known = KnownStructures.builtin();
        assertThat(known.size()).isEqualTo(5557);
        NoveltyFilter f = new NoveltyFilter(known, 0.1);
        Structure bate = FiltersTest.groundState("mp-1000");
        Rejection r = f.check(Cell.of(disguised(bate, 4, 0.02)), SpaceGroup.of(225));
        assertThat(r.code()).isEqualTo("novelty.known");
        assertThat(r.detail()).contains("mp-1000");
        // the same arrangement with other elements is new
        Structure bas = new Structure(
                bate.lattice(),
                bate.sites().stream()
                        .map(s -> new Site(
                                s.species().symbol().equals("Te") ? org.xtalflow.crystal.Element.of("Po") : s.species(),
                                s.frac(),
                                1,
                                null))
                        .toList());
        assertThat(f.check(Cell.of(bas), SpaceGroup.of(225))).isNull();
        // a user folder of CIFs makes it known
        Files.writeString(
                tmp.resolve("mine.cif"), org.xtalflow.crystal.io.CifWriter.symmetrized(bas, SpaceGroup.of(225)));
        KnownStructures mine = new KnownStructures();
        assertThat(mine.addCifFolder(tmp)).isEmpty();
        assertThat(new NoveltyFilter(mine, 0.1)
                        .check(Cell.of(bas), SpaceGroup.of(225))
                        .detail())
                .contains("mine.cif");
    }
}
