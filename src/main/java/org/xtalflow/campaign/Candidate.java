package org.xtalflow.campaign;

/**
 * A candidate row as stored. Times are epoch milliseconds (UTC), 0 when not reached; energies are
 * in eV (per atom where the name says so), null until harvested.
 *
 * @param id store-assigned id, {@code <campaign>-<seq>}, limited to [A-Za-z0-9._-] so that it can
 *           go into scheduler job names and remote paths
 * @param reason why the candidate is REJECTED/FAILED/TIMEOUT, or the scheduler's last reason
 * @param structureCif the structure as CIF text (P1 or symmetrized), null when not stored
 * @param bundlePath local path of the prepared VASP job bundle
 * @param remoteDir the job's directory on the cluster
 * @param submitAttempts how many times the candidate entered SUBMITTING
 * @param entryJson the harvested computed entry (pymatgen ComputedStructureEntry dict as JSON,
 *                  uncorrected energy with run parameters), null before harvest or when harvested
 *                  by a version that did not store it
 */
public record Candidate(
        String id,
        String campaignId,
        long seq,
        CandidateState state,
        String reason,
        String formula,
        Integer spaceGroup,
        Integer nsites,
        String structureCif,
        String bundlePath,
        String cluster,
        String jobId,
        String remoteDir,
        int submitAttempts,
        long createdAt,
        long updatedAt,
        long submittedAt,
        long startedAt,
        long finishedAt,
        long harvestedAt,
        Double finalEnergyEv,
        Double energyPerAtomEv,
        Double formationEnergyPerAtomEv,
        Double eAboveHullEv,
        String entryJson) {}
