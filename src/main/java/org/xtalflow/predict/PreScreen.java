package org.xtalflow.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.crystal.Structure;

/**
 * The ML pre-screen between screening and DFT: predicts each candidate's properties (CGCNN) and
 * its energy above the predicted hull of its chemical system ({@link PredictedHull}), then keeps
 * those within the thresholds and windows of a {@link PreScreenConfig} and, per chemical system,
 * the {@code top_n_per_system} lowest above the hull. Every candidate comes back with its
 * predictions; a rejected one with a reason code:
 *
 * <ul>
 *   <li>{@code prescreen.no_prediction}: the structure cannot be graphed (disorder, element
 *   beyond Z = 100);</li>
 *   <li>{@code prescreen.predicted_unstable}: predicted formation energy or energy above the
 *   hull above its threshold;</li>
 *   <li>{@code prescreen.outside_window:<property key>}: a windowed property outside its window;</li>
 *   <li>{@code prescreen.not_top_n}: passed, but not among the best N of its chemical system in
 *   this batch.</li>
 * </ul>
 */
public final class PreScreen {

    public static final String NO_PREDICTION = "prescreen.no_prediction";
    public static final String PREDICTED_UNSTABLE = "prescreen.predicted_unstable";
    public static final String OUTSIDE_WINDOW = "prescreen.outside_window:";
    public static final String NOT_TOP_N = "prescreen.not_top_n";

    /** A candidate to pre-screen. */
    public record Input(String id, Structure structure) {}

    /**
     * The outcome for one candidate: its predictions (null only for {@link #NO_PREDICTION}), the
     * predicted hull estimate, and for a rejection the reason code and a detail with the numbers.
     */
    public record Outcome(
            String id,
            boolean passed,
            String reason,
            String detail,
            PropertyPrediction prediction,
            PredictedHull.Estimate hull) {

        Outcome reject(String why, String what) {
            return new Outcome(id, false, why, what, prediction, hull);
        }
    }

    private final PreScreenConfig config;
    private final CgcnnPredictor predictor;
    private final PredictedHull hull;

    /**
     * @param predictor runs at least {@link PreScreenConfig#models()}
     * @param hull the predicted hull, built on the same predictor's formation-energy model
     */
    public PreScreen(PreScreenConfig config, CgcnnPredictor predictor, PredictedHull hull) {
        List<CgcnnProperty> have =
                predictor.models().stream().map(CgcnnModel::property).toList();
        for (CgcnnProperty p : config.models()) {
            if (!have.contains(p)) {
                throw new IllegalArgumentException("the pre-screen needs the " + p.modelName() + " model");
            }
        }
        this.config = config;
        this.predictor = predictor;
        this.hull = hull;
    }

    /** Pre-screens a batch; outcomes in the batch's order. top_n_per_system counts within the batch. */
    public List<Outcome> check(List<Input> batch) {
        List<CrystalGraph> graphs = new ArrayList<>();
        List<Integer> graphed = new ArrayList<>();
        Outcome[] out = new Outcome[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Input in = batch.get(i);
            try {
                graphs.add(CrystalGraph.of(in.structure()));
                graphed.add(i);
            } catch (IllegalArgumentException e) {
                out[i] = new Outcome(in.id(), false, NO_PREDICTION, e.getMessage(), null, null);
            }
        }
        List<PropertyPrediction> predictions = predictor.predict(graphs);
        for (int k = 0; k < graphed.size(); k++) {
            int i = graphed.get(k);
            Input in = batch.get(i);
            PropertyPrediction p = predictions.get(k);
            PredictedHull.Estimate e =
                    hull.estimate(in.structure().composition(), p.get(CgcnnProperty.FORMATION_ENERGY));
            out[i] = judge(new Outcome(in.id(), true, null, null, p, e));
        }
        if (config.topNPerSystem > 0) {
            keepTopN(batch, out);
        }
        return List.of(out);
    }

    private Outcome judge(Outcome o) {
        double ef = o.prediction().get(CgcnnProperty.FORMATION_ENERGY);
        if (!Double.isNaN(config.maxFormationEnergy) && ef > config.maxFormationEnergy) {
            return o.reject(
                    PREDICTED_UNSTABLE,
                    String.format(
                            Locale.ROOT,
                            "predicted formation energy %.3f eV/atom > max_formation_energy %.3f",
                            ef,
                            config.maxFormationEnergy));
        }
        if (o.hull().eAboveHull() > config.maxEAboveHull) {
            return o.reject(
                    PREDICTED_UNSTABLE,
                    String.format(
                            Locale.ROOT,
                            "predicted %.3f eV/atom above the predicted hull (%s) > max_e_above_hull %.3f",
                            o.hull().eAboveHull(),
                            String.join(" + ", o.hull().decomposition()),
                            config.maxEAboveHull));
        }
        for (Map.Entry<CgcnnProperty, PreScreenConfig.Window> w : config.windows.entrySet()) {
            double v = o.prediction().get(w.getKey());
            if (!w.getValue().contains(v)) {
                return o.reject(
                        OUTSIDE_WINDOW + w.getKey().key(),
                        String.format(
                                        Locale.ROOT,
                                        "predicted %s %.4g %s outside %s",
                                        w.getKey().key(),
                                        v,
                                        w.getKey().unit(),
                                        w.getValue())
                                .trim());
            }
        }
        return o;
    }

    /** Per chemical system, the passing candidates beyond the best N (lowest above the hull, then id) are rejected. */
    private void keepTopN(List<Input> batch, Outcome[] out) {
        Map<String, List<Integer>> bySystem = new HashMap<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i].passed()) {
                bySystem.computeIfAbsent(
                                batch.get(i).structure().composition().chemicalSystem(), k -> new ArrayList<>())
                        .add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> e : bySystem.entrySet()) {
            List<Integer> idx = e.getValue();
            idx.sort(Comparator.comparingDouble((Integer i) -> out[i].hull().eAboveHull())
                    .thenComparing(i -> out[i].id()));
            for (int r = config.topNPerSystem; r < idx.size(); r++) {
                int i = idx.get(r);
                out[i] = out[i].reject(
                        NOT_TOP_N,
                        String.format(
                                Locale.ROOT,
                                "rank %d of %d in %s by predicted energy above the hull (%.3f eV/atom); top_n_per_system %d",
                                r + 1,
                                idx.size(),
                                e.getKey(),
                                out[i].hull().eAboveHull(),
                                config.topNPerSystem));
            }
        }
    }
}
