package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a campaign's report says about the campaign itself, read from the store alone (no live
 * object): so a report can be written, or written again, after any restart.
 *
 * @param status      the store's status; {@link #statusLabel} adds whether work failed
 * @param started     when the campaign was created (store)
 * @param funnel      "stage.outcome" → count
 * @param perState    candidate state → count (states with at least one candidate)
 * @param tallies     the candidates counted by what the funnel reads ({@link CandidateStore#tallies}):
 *                    bounded by the number of groups, so a campaign of 10^6 candidates has a summary;
 *                    rows themselves are read where a report lists them, with a cap
 * @param failures    failed work items not yet retried
 * @param samplesStored per system ("Ba-Ru-O"): the generator samples stored so far by its batches
 *                    ({@link CandidateStore#generationProgress}); a running campaign's funnel
 *                    counts these, not the samples asked for
 */
public record CampaignSummary(
        String campaignId,
        String name,
        CampaignStatus status,
        Instant started,
        CampaignSpec spec,
        Map<String, Long> funnel,
        Map<String, Long> perState,
        List<CandidateTally> tallies,
        List<StoredFailure> failures,
        Map<String, Long> samplesStored) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException when the store has no such campaign or its spec is unreadable */
    public static CampaignSummary fromStore(CandidateStore store, String campaignId) {
        Campaign c = campaign(store, campaignId);
        CampaignSpec spec = spec(c);
        return new CampaignSummary(
                c.id(),
                c.name(),
                c.status(),
                Instant.ofEpochMilli(c.createdAt()),
                spec,
                CampaignRun.funnel(store, campaignId),
                CampaignRun.candidatesPerState(store, campaignId),
                store.tallies(campaignId),
                store.failures(campaignId),
                samplesStored(store, campaignId));
    }

    private static Map<String, Long> samplesStored(CandidateStore store, String campaignId) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        store.generationProgress(campaignId).forEach((system, d) -> out.put(system, d[0]));
        return out;
    }

    /**
     * The campaign's stored spec alone (no counting over its candidates).
     *
     * @throws IllegalArgumentException when the store has no such campaign or its spec is unreadable
     */
    public static CampaignSpec specFromStore(CandidateStore store, String campaignId) {
        return spec(campaign(store, campaignId));
    }

    private static Campaign campaign(CandidateStore store, String campaignId) {
        return store.campaign(campaignId)
                .orElseThrow(() -> new IllegalArgumentException("no campaign '" + campaignId + "' in the store "
                        + store.config().jdbcUrl()));
    }

    private static CampaignSpec spec(Campaign c) {
        try {
            return JSON.readValue(c.specJson(), CampaignSpec.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "campaign " + c.id() + ": its stored spec is unreadable: " + e.getMessage(), e);
        }
    }

    /** {@link CampaignStatus#label}: RUNNING, PAUSED, FINISHED, FINISHED_WITH_FAILURES or FAILED. */
    public String statusLabel() {
        return status.label(!failures.isEmpty());
    }

    /** The last failure ("campaign/item: reason"), or "" when none. */
    public String lastError() {
        return failures.isEmpty()
                ? ""
                : failures.get(failures.size() - 1).itemLabel() + ": "
                        + failures.get(failures.size() - 1).reason();
    }
}
