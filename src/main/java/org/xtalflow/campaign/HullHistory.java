package org.xtalflow.campaign;

/**
 * A candidate's harvest-time hull values, kept when the final hull replaced them, and what the
 * final values were computed against. Energies eV/atom; null when the harvest had none.
 *
 * @param computedAt epoch milliseconds of the last final-hull computation
 */
public record HullHistory(Double harvestFormationEnergyPerAtomEv, Double harvestEAboveHullEv, String references, long computedAt) {}
