package org.xtalflow.campaign;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.thermo.CampaignHull;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.EntryJson;
import org.xtalflow.thermo.HullAnalysis;

/**
 * Recomputes a campaign's final hull from the store (every harvested candidate with its stored
 * entry, together with the references) and writes the final E_f and E_above_hull back, so the
 * store, JMX, {@code campaign status} and the report show the same numbers; the harvest-time
 * values stay as history ({@link CandidateStore#hullHistory}). Run it when candidates are
 * harvested or the references change.
 */
public final class FinalHullUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(FinalHullUpdater.class);

    private FinalHullUpdater() {}

    /**
     * @param systems    the campaign's chemical systems (element symbols)
     * @param analysis   correction and references, as the report uses them
     * @param references what the references are, stored with the values (e.g. {@link HullReferences.Resolved#description()})
     * @return the hull, or null when no candidate has a stored entry
     */
    public static CampaignHull update(
            CandidateStore store,
            String campaignId,
            List<List<String>> systems,
            HullAnalysis analysis,
            String references) {
        Map<String, ComputedEntry> entries = new LinkedHashMap<>();
        for (Candidate c : store.byState(campaignId, CandidateState.HARVESTED)) {
            if (c.entryJson() == null) {
                continue;
            }
            try {
                entries.put(
                        c.id(), EntryJson.fromDict(EntryJson.mapper().readTree(c.entryJson()), "candidate " + c.id()));
            } catch (IOException | BadInputException e) {
                LOG.warn(
                        "candidate {}: stored entry unreadable, it keeps its harvest-time values: {}",
                        c.id(),
                        e.getMessage());
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        // one engine and one settings hash for candidates and references alike (else refused, with the reason)
        List<ComputedEntry> all = new java.util.ArrayList<>(entries.values());
        all.addAll(analysis.references().elemental().entries().values());
        all.addAll(analysis.references().compounds());
        org.xtalflow.dft.EntrySettings.requireOne(all, "campaign " + campaignId);
        CampaignHull hull = CampaignHull.compute(entries, systems, analysis);
        Map<String, double[]> values = new LinkedHashMap<>();
        hull.points().forEach((id, p) -> values.put(id, new double[] {p.formationEnergyPerAtom(), p.eAboveHull()}));
        store.recordFinalHull(campaignId, values, references);
        hull.notPlaced().forEach((id, why) -> LOG.warn("candidate {} is not on the final hull: {}", id, why));
        return hull;
    }
}
