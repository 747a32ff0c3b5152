package org.xtalflow.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xtalflow.screen.bench.RandomCandidates;

/**
 * The merger made cheaper in h20 (issue 17) merges exactly as before: on a few thousand expanded
 * generator-like candidates of a fixed seed, the same species in the same order and bit-identical
 * fractional coordinates as {@link MergerBeforeH20}, the algorithm before the change.
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
    void mergedCellsAreBitIdenticalToTheAlgorithmBeforeH20() {
        Cell[] cells = expandedCandidates(17, 4000);
        assertSameMerges(cells, new Merger(), new MergerBeforeH20());
    }

    @Test
    void identicalWithoutTheSecondPassAndAtOtherRatios() {
        Cell[] cells = expandedCandidates(20, 1500);
        assertSameMerges(cells, new Merger().firstPassOnly(), new MergerBeforeH20().firstPassOnly());
        assertSameMerges(cells, new Merger(0.3, 1.0, 50), new MergerBeforeH20(0.3, 1.0, 50));
        assertSameMerges(cells, new Merger(1.2, 2.0, 20), new MergerBeforeH20(1.2, 2.0, 20));
    }

    private static void assertSameMerges(Cell[] cells, Merger now, MergerBeforeH20 before) {
        int merged = 0;
        for (int i = 0; i < cells.length; i++) {
            Cell a = cells[i].copy();
            Cell b = cells[i].copy();
            int removedNow = now.merge(a);
            int removedBefore = before.merge(b);
            String which = "candidate " + i + " (" + cells[i].size() + " sites)";
            assertThat(removedNow).as(which).isEqualTo(removedBefore);
            assertThat(a.size()).as(which).isEqualTo(b.size());
            for (int k = 0; k < a.size(); k++) {
                assertThat(a.species(k)).as(which + " site " + k).isSameAs(b.species(k));
                double[] fa = {a.x(k), a.y(k), a.z(k)};
                double[] fb = {b.x(k), b.y(k), b.z(k)};
                // bit-identical, not merely close: the same verdicts and the same stored CIFs follow
                assertThat(fa).as(which + " site " + k).isEqualTo(fb);
            }
            if (removedNow > 0) {
                merged++;
            }
        }
        // the sample exercises the merge itself, not only candidates with nothing to merge
        assertThat(merged).as("candidates with merged sites").isGreaterThan(cells.length / 10);
    }
}
