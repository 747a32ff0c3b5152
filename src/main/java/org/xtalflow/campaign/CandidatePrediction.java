package org.xtalflow.campaign;

/**
 * A pre-screened candidate's predictions beside its DFT results, as the store holds them: predicted
 * formation energy and energy above the predicted hull (eV/atom), every predicted property as
 * JSON, and once harvested the DFT formation energy and energy above the hull (null before).
 */
public record CandidatePrediction(
        String id,
        CandidateState state,
        String formula,
        Double predictedFormationEnergyPerAtomEv,
        Double predictedEAboveHullEv,
        String predictionsJson,
        Double formationEnergyPerAtomEv,
        Double eAboveHullEv) {}
