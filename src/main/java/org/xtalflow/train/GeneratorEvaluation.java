package org.xtalflow.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.generate.Condition;
import org.xtalflow.generate.GeneratedSample;
import org.xtalflow.generate.Generator;
import org.xtalflow.generate.SymmetryExpander;
import org.xtalflow.predict.PredictedStability;
import org.xtalflow.screen.Cell;
import org.xtalflow.screen.Filter;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.screen.Verdict;

/**
 * PGCGM's Table 1 generator metrics, computed the same way for any {@link Generator}:
 * <ul>
 * <li>merge survival: share of expanded structures the merge accepts (no merge failure);</li>
 * <li>space-group retention: share of merged structures that keep the intended group (the
 * screening's spacegroup filter: operation check, plus spglib at its symprec when available);</li>
 * <li>distance validity: share of merged structures whose minimum interatomic distance exceeds
 * 0.5 Å; charge validity: share the screening's charge filter accepts;</li>
 * <li>composition diversity: distinct reduced formulas / structures;</li>
 * <li>survival after screening: share passing merge and every configured filter;</li>
 * <li>Wasserstein-1 distances between survivors and held-out real structures of the minimum
 * interatomic distance (Å), the maximum minimum-image distance in the cell (Å), and the density
 * (g/cm³).</li>
 * </ul>
 */
public final class GeneratorEvaluation {

    /** Minimum distance (Å) for distance validity, as in the paper's Table 1. */
    public static final double MIN_DISTANCE = 0.5;

    public record Result(
            String generator,
            int samples,
            int structures,
            double mergeSurvival,
            double spaceGroupRetention,
            double distanceValidity,
            double chargeValidity,
            double compositionDiversity,
            double screeningSurvival,
            int survivors,
            double wMinDistance,
            double wMaxDistance,
            double wDensity,
            int realStructures,
            double uniqueRate,
            double novelRate,
            String stability,
            PredictedStability.Result predicted) {

        public ObjectNode toJson() {
            return new ObjectMapper().valueToTree(this);
        }
    }

    private GeneratorEvaluation() {}

    public static Result evaluate(
            Generator g, List<Condition> conds, long seed, ScreeningPipeline pipeline, List<Structure> real) {
        return evaluate(g, conds, seed, pipeline, real, n -> {}, null);
    }

    /**
     * As above; {@code structuresDone} hears the number of structures evaluated so far (3 per
     * sample); with {@code stability} (null: none) the merged structures also get the predicted
     * stable and S.U.N. shares.
     */
    public static Result evaluate(
            Generator g,
            List<Condition> conds,
            long seed,
            ScreeningPipeline pipeline,
            List<Structure> real,
            java.util.function.LongConsumer structuresDone,
            PredictedStability stability) {
        List<GeneratedSample> samples = g.sample(conds, seed);
        SymmetryExpander x = new SymmetryExpander();
        Filter sgFilter = find(pipeline, "spacegroup");
        Filter chargeFilter = find(pipeline, "charge");
        int structures = 0;
        int merged = 0;
        int sgKept = 0;
        int distOk = 0;
        int chargeOk = 0;
        int survivors = 0;
        Set<String> formulas = new HashSet<>();
        List<Double> minD = new ArrayList<>();
        List<Double> maxD = new ArrayList<>();
        List<Double> dens = new ArrayList<>();
        List<org.xtalflow.screen.UniqueNovelJudge.Item> mergedItems = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            SymmetryExpander.Batch b = x.expandBatch(samples, k);
            for (int i = 0; i < samples.size(); i++) {
                structures++;
                structuresDone.accept(structures);
                GeneratedSample s = samples.get(i);
                SpaceGroup sg = s.condition().spaceGroup();
                Cell cell = cell(b, i, s);
                formulas.add(cell.toStructure().composition().reducedFormula());
                Cell work = cell(b, i, s);
                try {
                    pipeline.merger().merge(work);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                merged++;
                if (sgFilter == null || sgFilter.check(work, sg) == null) {
                    sgKept++;
                }
                if (chargeFilter == null || chargeFilter.check(work, sg) == null) {
                    chargeOk++;
                }
                Structure ms = work.toStructure();
                mergedItems.add(new org.xtalflow.screen.UniqueNovelJudge.Item(
                        s.condition() + " #" + i + "_" + k, ms, sg.number()));
                double[] mm = minMax(ms);
                if (mm[0] > MIN_DISTANCE) {
                    distOk++;
                }
                Verdict v = pipeline.screen(s.condition() + " #" + i + "_" + k, cell, sg);
                if (v.passed()) {
                    survivors++;
                    double[] sm = minMax(v.structure());
                    minD.add(sm[0]);
                    maxD.add(sm[1]);
                    dens.add(v.structure().density());
                }
            }
        }
        List<org.xtalflow.screen.UniqueNovelJudge.Verdict> verdicts =
                mergedItems.isEmpty() ? List.of() : Judge.INSTANCE.judge(mergedItems);
        PredictedStability.Result predicted = null;
        if (stability != null) {
            List<PredictedStability.Judged> judged = new ArrayList<>(mergedItems.size());
            for (int i = 0; i < mergedItems.size(); i++) {
                judged.add(new PredictedStability.Judged(
                        mergedItems.get(i).structure(),
                        verdicts.get(i).unique(),
                        verdicts.get(i).novel()));
            }
            predicted = stability.of(judged);
        }
        List<Double> rMin = new ArrayList<>();
        List<Double> rMax = new ArrayList<>();
        List<Double> rDen = new ArrayList<>();
        for (Structure r : real) {
            double[] mm = minMax(r);
            rMin.add(mm[0]);
            rMax.add(mm[1]);
            rDen.add(r.density());
        }
        return new Result(
                g.name(),
                samples.size(),
                structures,
                merged / (double) structures,
                merged == 0 ? 0 : sgKept / (double) merged,
                merged == 0 ? 0 : distOk / (double) merged,
                merged == 0 ? 0 : chargeOk / (double) merged,
                formulas.size() / (double) structures,
                survivors / (double) structures,
                survivors,
                wasserstein(minD, rMin),
                wasserstein(maxD, rMax),
                wasserstein(dens, rDen),
                real.size(),
                share(verdicts, true),
                share(verdicts, false),
                stability == null ? NO_PREDICTION : PredictedStability.DEFINITION,
                predicted);
    }

    /**
     * MatterGen's S.U.N. needs stability: DFT (a campaign's report) or, here, a predicted
     * E_above_hull; this is said when no prediction was asked for.
     */
    public static final String NO_PREDICTION =
            "not evaluated: generated samples have no DFT energies and no CGCNN prediction was asked for; "
                    + "DFT S.U.N. rates come from campaigns";

    /** Share of the merged structures that are unique among them (or novel against the known structures). */
    private static double share(List<org.xtalflow.screen.UniqueNovelJudge.Verdict> verdicts, boolean unique) {
        if (verdicts.isEmpty()) {
            return 0;
        }
        long n = verdicts.stream().filter(v -> unique ? v.unique() : v.novel()).count();
        return n / (double) verdicts.size();
    }

    /** The bundled known structures, loaded on first use. */
    private static final class Judge {
        static final org.xtalflow.screen.UniqueNovelJudge INSTANCE =
                org.xtalflow.screen.UniqueNovelJudge.withDefaults();
    }

    private static Filter find(ScreeningPipeline p, String name) {
        for (Filter f : p.filters()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static Cell cell(SymmetryExpander.Batch b, int i, GeneratedSample s) {
        Element[] sp = s.species();
        int n = b.atoms(i);
        int off = b.offsets()[i];
        Element[] species = new Element[n];
        for (int a = 0; a < n; a++) {
            species[a] = sp[b.element()[off + a]];
        }
        return new Cell(s.lattice(), species, Arrays.copyOfRange(b.frac(), 3 * off, 3 * (off + n)), n);
    }

    /** {minimum, maximum} off-diagonal minimum-image distance in Å. */
    static double[] minMax(Structure s) {
        double[][] d = s.distanceMatrix();
        double mn = Double.MAX_VALUE;
        double mx = 0;
        for (int i = 0; i < d.length; i++) {
            for (int j = i + 1; j < d.length; j++) {
                mn = Math.min(mn, d[i][j]);
                mx = Math.max(mx, d[i][j]);
            }
        }
        return new double[] {d.length < 2 ? 0 : mn, mx};
    }

    /** Wasserstein-1 distance between two empirical 1-D distributions (NaN when either is empty). */
    public static double wasserstein(List<Double> a, List<Double> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Double.NaN;
        }
        double[] x = a.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        double w = 0;
        int i = 0;
        int j = 0;
        for (int k = 0; k + 1 < all.length; k++) {
            while (i < x.length && x[i] <= all[k]) {
                i++;
            }
            while (j < y.length && y[j] <= all[k]) {
                j++;
            }
            w += Math.abs(i / (double) x.length - j / (double) y.length) * (all[k + 1] - all[k]);
        }
        return w;
    }

    /** The expanded cells of materials (held-out real structures). */
    public static List<Structure> structures(List<TrainingMaterial> materials) {
        List<Structure> out = new ArrayList<>();
        for (TrainingMaterial m : materials) {
            List<Site> sites = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                for (double[] f : m.orbits()[e]) {
                    sites.add(new Site(m.elements().get(e), f));
                }
            }
            out.add(new Structure(m.lattice(), sites));
        }
        return out;
    }
}
