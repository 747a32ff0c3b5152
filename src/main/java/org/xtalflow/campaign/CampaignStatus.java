package org.xtalflow.campaign;

/** Status of a whole campaign (its candidates have their own {@link CandidateState}). */
public enum CampaignStatus {
    ACTIVE, PAUSED, DONE, FAILED
}
