package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.xtalflow.screen.bench.RandomCandidates;

/**
 * The merger made cheaper in h20 (issue 17) merges exactly as before: on a few thousand expanded
 * generator-like candidates of a fixed seed, the sites removed, the species in their order and
 * the bit patterns of every fractional coordinate hash (SHA-256) to the digests the algorithm
 * before the change gave on the same candidates (recorded from {@code screen/Merger.java} of
 * commit c214e5d, run by this test's {@link #digest}). One bit anywhere changes a digest.
 */
class MergerIdentityTest {

    /** {@code count} expanded (unmerged) candidates of {@link RandomCandidates} with this seed. */
    static Cell[] expandedCandidates(long seed, int count) {
        RandomCandidates src = new RandomCandidates(seed);
        RandomCandidates.Flat f = new RandomCandidates.Flat();
        Cell[] cells = new Cell[count];
        for (int i = 0; i < count; i++) {
            src.next(f);
            cells[i] = new Cell(f.lattice, Arrays.copyOf(f.species, f.n), Arrays.copyOf(f.frac, 3 * f.n), f.n);
        }
        return cells;
    }

    @Test
    void mergedCellsAreBitIdenticalToTheAlgorithmBeforeH20() throws Exception {
        Cell[] cells = expandedCandidates(17, 4000);
        assertThat(digest(cells, new Merger()::merge)).isEqualTo(DEFAULT_SEED17);
    }

    @Test
    void identicalWithoutTheSecondPassAndAtOtherRatios() throws Exception {
        Cell[] cells = expandedCandidates(20, 1500);
        assertThat(digest(cells, new Merger().firstPassOnly()::merge)).isEqualTo(FIRST_PASS_SEED20);
        assertThat(digest(cells, new Merger(0.3, 1.0, 50)::merge)).isEqualTo(RATIOS_03_10_50_SEED20);
        assertThat(digest(cells, new Merger(1.2, 2.0, 20)::merge)).isEqualTo(RATIOS_12_20_20_SEED20);
    }

    static final String DEFAULT_SEED17 = "4877655ab8b48c0988cafe5f94e2d520bd602cd15c02f11a5d1691995055658c";
    static final String FIRST_PASS_SEED20 = "12807c9c3ed576629e08cd7982ff883198cc1746a4ee887f76732f0df1db38b2";
    static final String RATIOS_03_10_50_SEED20 = "a73b9119564979c5c9d2f135f6b5678fc92d931981f128bcbcf176a4e8f813c3";
    static final String RATIOS_12_20_20_SEED20 = "d68ba556736f853d85f0a57ae8c8d5b4f1102ca7122da342191c618899d38979";

    /**
     * SHA-256 over every candidate's merge (on a copy): the sites removed, then each site's
     * species symbol and the raw bits of its three fractional coordinates; checks on the way that
     * the sample exercises the merge itself (over a tenth of the candidates lose sites).
     */
    static String digest(Cell[] cells, ToIntFunction<Cell> merge) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer b = ByteBuffer.allocate(8);
        int merged = 0;
        for (Cell original : cells) {
            Cell c = original.copy();
            int removed = merge.applyAsInt(c);
            if (removed > 0) merged++;
            sha.update(b.clear().putInt(removed).putInt(c.size()).array());
            for (int k = 0; k < c.size(); k++) {
                sha.update(c.species(k).symbol().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (double x : new double[] {c.x(k), c.y(k), c.z(k)}) {
                    sha.update(b.clear().putLong(Double.doubleToRawLongBits(x)).array());
                }
            }
        }
        assertThat(merged).as("candidates with merged sites").isGreaterThan(cells.length / 10);
        return HexFormat.of().formatHex(sha.digest());
    }
}
