package org.xtalflow.campaign;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields written together with a state transition (same transaction). Only the fields set
 * here change; the others keep their values. Times are epoch milliseconds, energies eV.
 */
public final class CandidateChange {
    final Map<String, Object> columns = new LinkedHashMap<>();
    String eventMessage;
    /** Funnel increments {stage, outcome} written with the change. */
    final java.util.List<String[]> funnel = new java.util.ArrayList<>(1);

    public static CandidateChange none() {
        return new CandidateChange();
    }

    public static CandidateChange reason(String reason) {
        return new CandidateChange().withReason(reason);
    }

    /** Why (REJECTED, FAILED, TIMEOUT) or the scheduler's reason; also the event's message. */
    public CandidateChange withReason(String reason) {
        columns.put("reason", reason);
        if (eventMessage == null) eventMessage = reason;
        return this;
    }

    /** A message for the event log only (the reason column is left alone). */
    public CandidateChange withMessage(String message) {
        eventMessage = message;
        return this;
    }

    /**
     * Adds one to the campaign's funnel count (stage, outcome) in the same transaction as the
     * change, so the counts survive a kill exactly as the states do.
     */
    public CandidateChange countIn(String stage, String outcome) {
        funnel.add(new String[] {stage, outcome});
        return this;
    }

    public CandidateChange withStructure(String formula, Integer spaceGroup, Integer nsites, String cif) {
        columns.put("formula", formula);
        columns.put("space_group", spaceGroup);
        columns.put("nsites", nsites);
        // stored compressed (StoredCif); the text column is cleared so a rewritten old row holds one copy
        columns.put("structure_cif", null);
        columns.put("structure_cif_z", StoredCif.compress(cif));
        return this;
    }

    /**
     * The generator sample a GENERATED candidate came from (stored once, at its creation): its
     * system ("Ba-Ru-O"), the sample's index within the system (0-based) and which of the sample's
     * coordinate sets it is (0..2). The store holds one candidate per (system, index, set).
     */
    public CandidateChange withSample(String system, long sampleIndex, int set) {
        columns.put("gen_system", system);
        columns.put("sample_index", sampleIndex);
        columns.put("sample_set", set);
        return this;
    }

    public CandidateChange withBundlePath(String bundlePath) {
        columns.put("bundle_path", bundlePath);
        return this;
    }

    public CandidateChange withCluster(String cluster) {
        columns.put("cluster", cluster);
        return this;
    }

    public CandidateChange withJobId(String jobId) {
        columns.put("job_id", jobId);
        return this;
    }

    public CandidateChange withRemoteDir(String remoteDir) {
        columns.put("remote_dir", remoteDir);
        return this;
    }

    public CandidateChange withSubmittedAt(long epochMillis) {
        columns.put("submitted_at", epochMillis);
        return this;
    }

    public CandidateChange withStartedAt(long epochMillis) {
        columns.put("started_at", epochMillis);
        return this;
    }

    public CandidateChange withFinishedAt(long epochMillis) {
        columns.put("finished_at", epochMillis);
        return this;
    }

    public CandidateChange withHarvestedAt(long epochMillis) {
        columns.put("harvested_at", epochMillis);
        return this;
    }

    /** Energies from the harvest: total (eV), per atom (eV/atom), E_f (eV/atom), E_above_hull (eV/atom). */
    public CandidateChange withEnergies(
            Double finalEnergyEv, Double energyPerAtomEv, Double formationEnergyPerAtomEv, Double eAboveHullEv) {
        columns.put("final_energy_ev", finalEnergyEv);
        columns.put("energy_per_atom_ev", energyPerAtomEv);
        columns.put("formation_energy_per_atom_ev", formationEnergyPerAtomEv);
        columns.put("e_above_hull_ev", eAboveHullEv);
        return this;
    }

    /** The harvested computed entry as JSON (pymatgen ComputedStructureEntry dict). */
    public CandidateChange withEntry(String entryJson) {
        columns.put("entry_json", entryJson);
        return this;
    }

    /**
     * The pre-screen's predictions: formation energy and energy above the predicted hull (eV/atom)
     * and every predicted property as JSON.
     */
    public CandidateChange withPredictions(
            Double formationEnergyPerAtomEv, Double eAboveHullEv, String predictionsJson) {
        columns.put("predicted_formation_energy_per_atom_ev", formationEnergyPerAtomEv);
        columns.put("predicted_e_above_hull_ev", eAboveHullEv);
        columns.put("predictions_json", predictionsJson);
        return this;
    }
}
