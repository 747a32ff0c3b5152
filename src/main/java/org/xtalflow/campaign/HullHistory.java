package org.xtalflow.campaign;

/**
 * A candidate's harvest-time hull values, kept when the final hull replaced them, and what the
 * final values were computed against. Energies eV/atom; null when the harvest had none.
 *
 * @param computedAt epoch milliseconds of the last final-hull computation
 */
public record HullHistory(
        Double harvestFormationEnergyPerAtomEv, Double harvestEAboveHullEv, String references, long computedAt) {

    /** The candidate with its harvest-time E_f and E_above_hull in place of the final ones. */
    public Candidate atHarvest(Candidate c) {
        return new Candidate(
                c.id(),
                c.campaignId(),
                c.seq(),
                c.state(),
                c.reason(),
                c.formula(),
                c.spaceGroup(),
                c.nsites(),
                c.structureCif(),
                c.bundlePath(),
                c.cluster(),
                c.jobId(),
                c.remoteDir(),
                c.submitAttempts(),
                c.createdAt(),
                c.updatedAt(),
                c.submittedAt(),
                c.startedAt(),
                c.finishedAt(),
                c.harvestedAt(),
                c.finalEnergyEv(),
                c.energyPerAtomEv(),
                harvestFormationEnergyPerAtomEv,
                harvestEAboveHullEv,
                c.entryJson());
    }
}
