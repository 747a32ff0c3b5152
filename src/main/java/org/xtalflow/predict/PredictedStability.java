package org.xtalflow.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xtalflow.crystal.Structure;
import org.xtalflow.thermo.CampaignStatistics;

/**
 * Stability by prediction for structures that have no DFT (a generator's samples): each
 * structure's CGCNN formation energy against the predicted hull of its chemical system
 * ({@link PredictedHull}); "stable" when it lies at most {@link CampaignStatistics#STABLE_MAX}
 * (0.1 eV/atom, MatterGen's S.U.N. threshold) above that hull. Combined with uniqueness and
 * novelty from the screening's structure matcher this gives a predicted S.U.N. rate. Every share
 * has the same denominator as the unique and novel shares (all the structures judged); a
 * structure the model cannot graph counts as not stable. These are predictions, not DFT: a
 * campaign's report gives the DFT figures.
 */
public final class PredictedStability {

    /** One structure and the structure matcher's verdicts on it. */
    public record Judged(Structure structure, boolean unique, boolean novel) {}

    /**
     * @param structures  structures judged (the denominator of every share)
     * @param predicted   structures the model could graph and predict
     * @param stable      predicted within {@link CampaignStatistics#STABLE_MAX} of the predicted hull
     * @param sun         stable by prediction, unique and novel
     * @param meanEAboveHull mean predicted E_above_hull over the predicted ones (eV/atom; NaN when none)
     */
    public record Result(int structures, int predicted, int stable, int sun, double meanEAboveHull) {
        @JsonProperty("stableRate")
        public double stableRate() {
            return structures == 0 ? 0 : stable / (double) structures;
        }

        @JsonProperty("sunRate")
        public double sunRate() {
            return structures == 0 ? 0 : sun / (double) structures;
        }

        /** "12 / 90 (13.3%)". */
        public static String share(int n, int of) {
            return String.format(
                    Locale.ROOT,
                    "%d / %d (%s)",
                    n,
                    of,
                    of == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / of));
        }
    }

    /** How the shares are made, for the table's foot and the JSON. */
    public static final String DEFINITION = "predicted by CGCNN, no DFT: stable = predicted formation energy at most "
            + CampaignStatistics.STABLE_MAX
            + " eV/atom above the predicted hull of the bundled MP ground states of the system (known phases predicted"
            + " by the same model); predicted S.U.N. = stable by prediction, unique and novel; denominator: the"
            + " structures judged for uniqueness and novelty (a structure the model cannot graph is not stable)";

    private final CgcnnPredictor predictor;
    private final PredictedHull hull;

    /** @param hull built on {@code predictor}'s formation-energy model */
    public PredictedStability(CgcnnPredictor predictor, PredictedHull hull) {
        this.predictor = predictor;
        this.hull = hull;
    }

    /** The predicted E_above_hull of each structure (eV/atom), NaN where the model cannot graph it. */
    public double[] eAboveHull(List<Structure> structures) {
        double[] out = new double[structures.size()];
        List<CrystalGraph> graphs = new ArrayList<>();
        List<Integer> graphed = new ArrayList<>();
        for (int i = 0; i < structures.size(); i++) {
            out[i] = Double.NaN;
            try {
                graphs.add(CrystalGraph.of(structures.get(i)));
                graphed.add(i);
            } catch (IllegalArgumentException e) {
                // an element without CGCNN features, or no neighbours: no prediction
            }
        }
        List<PropertyPrediction> p = predictor.predict(graphs); // batched by atoms per pass
        for (int k = 0; k < p.size(); k++) {
            int i = graphed.get(k);
            out[i] = hull.estimate(structures.get(i).composition(), p.get(k).get(CgcnnProperty.FORMATION_ENERGY))
                    .eAboveHull();
        }
        return out;
    }

    /** The predicted shares of {@code items}. */
    public Result of(List<Judged> items) {
        List<Structure> structures = new ArrayList<>(items.size());
        items.forEach(j -> structures.add(j.structure()));
        double[] e = eAboveHull(structures);
        int predicted = 0;
        int stable = 0;
        int sun = 0;
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i])) {
                continue;
            }
            predicted++;
            sum += e[i];
            if (e[i] <= CampaignStatistics.STABLE_MAX) {
                stable++;
                if (items.get(i).unique() && items.get(i).novel()) {
                    sun++;
                }
            }
        }
        return new Result(items.size(), predicted, stable, sun, predicted == 0 ? Double.NaN : sum / predicted);
    }
}
