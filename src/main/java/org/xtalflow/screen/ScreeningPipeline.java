package org.xtalflow.screen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

/**
 * Merge, then the filters in their configured order, counting everything in a {@link Funnel}.
 * One obvious method: {@link #screen(Candidate)}. Thread-safe (filters are stateless or
 * synchronised; the funnel is atomic). {@link #screen(String, Cell, SpaceGroup)} is the hot-path
 * form for callers that hold flat arrays (the generator's expansion).
 */
public final class ScreeningPipeline implements AutoCloseable {

    private final Merger merger;
    private final List<Filter> filters;
    private final Funnel funnel;
    private final boolean keepRejected;

    public ScreeningPipeline(Merger merger, List<Filter> filters, boolean keepRejected) {
        this.merger = merger;
        this.filters = List.copyOf(filters);
        List<String> names = new ArrayList<>();
        for (Filter f : filters) {
            names.add(f.name());
        }
        this.funnel = new Funnel(names);
        this.keepRejected = keepRejected;
        for (Filter f : filters) {
            if (f instanceof SpaceGroupFilter sgf) {
                funnel.note("spacegroup", sgf.spglibStatus());
            }
            if (f instanceof NoveltyFilter nf) {
                funnel.note(
                        "novelty_known",
                        nf.known().size() + " structures from " + nf.known().sources());
            }
            if (f instanceof DuplicateFilter df) {
                funnel.note("duplicate_store", df.loadedFromStore() + " fingerprints loaded from earlier runs");
            }
        }
    }

    /** Builds the pipeline a configuration describes (loads spglib and the known structures). */
    public static ScreeningPipeline fromConfig(ScreeningConfig c) {
        Merger merger = new Merger(c.mergeRatio, c.mergeSecondRatio, c.mergeSecondPassAbove);
        List<Filter> filters = new ArrayList<>();
        for (String name : c.filters) {
            filters.add(
                    switch (name) {
                        case "size" -> new SizeFilter(c.maxSites);
                        case "density" ->
                            new DensityFilter(
                                    c.minVolumePerAtom, c.maxVolumePerAtom, c.minVolumeRatio, c.maxVolumeRatio);
                        case "distance" -> new DistanceFilter(c.minDistanceAngstrom, c.radiusRatio);
                        case "charge" ->
                            new ChargeFilter(
                                    c.chargeIncludeAlloys, c.chargeElectronegativityOrder, c.chargeAllOxidationStates);
                        case "spacegroup" -> spaceGroupFilter(c);
                        case "duplicate" -> new DuplicateFilter(c.duplicateTolerance, c.duplicateStore);
                        case "novelty" -> new NoveltyFilter(known(c), c.noveltyTolerance);
                        default ->
                            throw new ScreeningConfigException("screening.filters: unknown filter '" + name + "'");
                    });
        }
        return new ScreeningPipeline(merger, filters, c.keepRejected);
    }

    private static SpaceGroupFilter spaceGroupFilter(ScreeningConfig c) {
        Spglib lib = null;
        String why = "screening.spacegroup.spglib is off";
        if (!c.spglib.equals("off")) {
            lib = Spglib.load(c.spglibLibrary);
            if (lib == null) {
                why = Spglib.lastProblem();
                if (c.spglib.equals("required")) {
                    throw new ScreeningConfigException("screening.spacegroup.spglib is 'required' but " + why);
                }
            }
        }
        return new SpaceGroupFilter(c.symmetryToleranceAngstrom, c.symprec, lib, why, c.spglibEveryCandidate);
    }

    private static KnownStructures known(ScreeningConfig c) {
        KnownStructures k = new KnownStructures();
        if (c.noveltyBuiltin) {
            k.addBuiltin();
        }
        for (Path p : c.noveltyFolders) {
            try {
                k.addCifFolder(p);
            } catch (IOException e) {
                throw new ScreeningConfigException(
                        "screening.novelty.folders: cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        return k;
    }

    public Funnel funnel() {
        return funnel;
    }

    public List<Filter> filters() {
        return filters;
    }

    public Merger merger() {
        return merger;
    }

    public Verdict screen(Candidate c) {
        return screen(c.id(), Cell.of(c.structure()), c.spaceGroup());
    }

    /** Screens a cell (merged in place). */
    public Verdict screen(String id, Cell cell, SpaceGroup intended) {
        funnel.received();
        int removed;
        try {
            removed = merger.merge(cell);
        } catch (IllegalArgumentException e) {
            funnel.failed("merge.failed");
            return new Verdict(id, false, "merge", "merge.failed", e.getMessage(), 0, null);
        }
        funnel.merged(removed);
        for (int k = 0; k < filters.size(); k++) {
            Filter f = filters.get(k);
            funnel.entered(f.name());
            Rejection r;
            try {
                r = f.claim(cell, intended, id);
            } catch (IllegalArgumentException e) {
                r = new Rejection(f.name() + ".cannot_check", e.getMessage());
            }
            if (r != null) {
                for (int j = 0; j < k; j++) {
                    filters.get(j).released(cell, intended, id);
                }
                funnel.rejected(f.name(), r.code());
                return Verdict.reject(id, f.name(), r, removed, keepRejected ? cell.toStructure() : null);
            }
        }
        for (Filter f : filters) {
            f.accepted(cell, intended, id);
        }
        funnel.passed();
        Structure s = cell.toStructure();
        return Verdict.pass(id, removed, s);
    }

    @Override
    public void close() {
        for (Filter f : filters) {
            if (f instanceof AutoCloseable ac) {
                try {
                    ac.close();
                } catch (Exception e) {
                    throw new UncheckedIOException(new IOException("closing filter " + f.name(), e));
                }
            }
        }
    }
}
