package org.xtalflow.campaign;

/**
 * A campaign row. Times are epoch milliseconds (UTC).
 *
 * @param status ACTIVE, PAUSED, DONE or FAILED (see {@link CampaignStatus})
 * @param specJson the campaign specification as given (elements, space groups, ...), JSON text
 */
public record Campaign(
        String id,
        String name,
        CampaignStatus status,
        String statusReason,
        String cluster,
        int priority,
        String specJson,
        long createdAt,
        long updatedAt) {}
