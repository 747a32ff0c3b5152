package org.xtalflow.campaign;

/**
 * A campaign's work item that failed on a stage queue, as the store keeps it.
 *
 * @param at          epoch milliseconds (UTC)
 * @param candidateId null for a system-level item
 * @param itemLabel   "campaign/candidate" or "campaign/Ba-Ru-O"
 * @param queue       the queue as the route named it, e.g. "seda:generate"
 */
public record StoredFailure(
        long at, String campaignId, String candidateId, String itemLabel, Stage stage, String queue, String reason) {}
