package org.xtalflow.predict;

import java.util.List;

/**
 * How the pre-screen's predictions compare with DFT once candidates are harvested: mean absolute
 * errors of the predicted formation energy and energy above the hull (eV/atom), and the recall of
 * DFT-stable candidates at the pre-screen's threshold (of the candidates DFT finds within
 * {@code dftStableMax} of the hull, the share whose predicted energy above the hull is within
 * {@code maxEAboveHull}: below 1, the threshold is costing discoveries).
 */
public record PredictionAccuracy(
        int count,
        double formationEnergyMae,
        double eAboveHullMae,
        int dftStable,
        int dftStableKept,
        double maxEAboveHull,
        double dftStableMax) {

    /** One harvested candidate: predicted and DFT formation energy and energy above the hull (eV/atom). */
    public record Pair(
            String id,
            double predictedFormationEnergy,
            double dftFormationEnergy,
            double predictedEAboveHull,
            double dftEAboveHull) {}

    /** Recall of DFT-stable candidates; NaN when DFT found none. */
    public double recall() {
        return dftStable == 0 ? Double.NaN : (double) dftStableKept / dftStable;
    }

    /** DFT-stable candidates a pre-screen at this threshold would have dropped. */
    public int dftStableDropped() {
        return dftStable - dftStableKept;
    }

    /**
     * @param maxEAboveHull the pre-screen's threshold on the predicted energy above the hull
     * @param dftStableMax what counts as DFT-stable (e.g. 0, or 0.025 eV/atom for "near the hull")
     */
    public static PredictionAccuracy of(List<Pair> pairs, double maxEAboveHull, double dftStableMax) {
        double ef = 0;
        double eh = 0;
        int nf = 0;
        int nh = 0;
        int stable = 0;
        int kept = 0;
        for (Pair p : pairs) {
            if (Double.isFinite(p.predictedFormationEnergy()) && Double.isFinite(p.dftFormationEnergy())) {
                ef += Math.abs(p.predictedFormationEnergy() - p.dftFormationEnergy());
                nf++;
            }
            if (Double.isFinite(p.predictedEAboveHull()) && Double.isFinite(p.dftEAboveHull())) {
                // the predicted value is signed (below the hull < 0); DFT's e_above_hull is >= 0
                eh += Math.abs(Math.max(0.0, p.predictedEAboveHull()) - p.dftEAboveHull());
                nh++;
                if (p.dftEAboveHull() <= dftStableMax) {
                    stable++;
                    if (p.predictedEAboveHull() <= maxEAboveHull) {
                        kept++;
                    }
                }
            }
        }
        return new PredictionAccuracy(
                pairs.size(),
                nf == 0 ? Double.NaN : ef / nf,
                nh == 0 ? Double.NaN : eh / nh,
                stable,
                kept,
                maxEAboveHull,
                dftStableMax);
    }
}
