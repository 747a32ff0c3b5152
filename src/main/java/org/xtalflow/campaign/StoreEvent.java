package org.xtalflow.campaign;

/** One line of a candidate's or campaign's history; {@code at} is epoch milliseconds (UTC). */
public record StoreEvent(
        long id,
        long at,
        String campaignId,
        String candidateId,
        CandidateState fromState,
        CandidateState toState,
        String message) {}
