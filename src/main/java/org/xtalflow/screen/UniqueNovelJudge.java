package org.xtalflow.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xtalflow.crystal.Structure;

/**
 * Uniqueness within a campaign and novelty against the known structures, by the screening's own
 * matcher (the {@link Fingerprint} within a tolerance, same keys as {@link DuplicateFilter} and
 * {@link NoveltyFilter}), for the statistics of MatterGen's S.U.N. rate: in order, a structure is
 * unique unless an earlier one of the list is the same structure, and novel unless a known one is.
 */
public final class UniqueNovelJudge {

    /** One structure to judge, with the space group it is filed under. */
    public record Item(String id, Structure structure, int spaceGroup) {}

    /**
     * @param duplicateOf the earlier item it matches, or null when unique
     * @param knownAs     the known structure it matches, or null when novel
     */
    public record Verdict(String id, String duplicateOf, String knownAs) {
        public boolean unique() {
            return duplicateOf == null;
        }

        public boolean novel() {
            return knownAs == null;
        }
    }

    private final KnownStructures known;
    private final double duplicateTolerance;
    private final double noveltyTolerance;

    public UniqueNovelJudge(KnownStructures known, double duplicateTolerance, double noveltyTolerance) {
        this.known = known;
        this.duplicateTolerance = duplicateTolerance;
        this.noveltyTolerance = noveltyTolerance;
    }

    /** With the screening's default tolerances and the bundled known structures. */
    public static UniqueNovelJudge withDefaults() {
        return new UniqueNovelJudge(
                KnownStructures.builtin(), DuplicateFilter.DEFAULT_TOLERANCE, NoveltyFilter.DEFAULT_TOLERANCE);
    }

    public List<Verdict> judge(List<Item> items) {
        FingerprintIndex seen = new FingerprintIndex(duplicateTolerance);
        List<Verdict> out = new ArrayList<>(items.size());
        for (Item it : items) {
            Fingerprint fp = Cell.of(it.structure()).fingerprint(it.spaceGroup());
            FingerprintIndex.Entry dup = seen.addIfAbsent(fp.prototypeKey(), it.id(), fp);
            out.add(new Verdict(it.id(), dup == null ? null : dup.id(), known.match(fp, noveltyTolerance)));
        }
        return out;
    }

    /** How "same structure" is decided, for reports, against pymatgen's StructureMatcher defaults. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "the screening's structure matcher: same reduced formula and space group (and number of "
                        + "sites, for uniqueness) and a fingerprint difference <= %.2f (duplicates) / %.2f (novelty, against %d known "
                        + "structures); pymatgen's StructureMatcher defaults (ltol 0.2, stol 0.3, angle_tol 5 degrees) compare lattices "
                        + "and sites instead; on sampled pairs every pair within 0.2 is the same for StructureMatcher, which calls ~1.4%% "
                        + "more pairs the same (BENCHMARKS.md, duplicate tolerance)",
                duplicateTolerance,
                noveltyTolerance,
                known.size());
    }
}
