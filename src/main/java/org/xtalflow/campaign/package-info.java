/**
 * A campaign's life: its spec and the spec parser, defaults, the store (JDBC, the truth) with
 * the candidate state machine ({@link org.xtalflow.campaign.CandidateState} and its named groups)
 * and the campaign status ({@link org.xtalflow.campaign.CampaignStatus}), the run state of a
 * campaign in this process, the {@link org.xtalflow.campaign.Pipeline} that moves candidates
 * between states, resume after a restart ({@link org.xtalflow.campaign.CampaignService}), the
 * stage ports ({@link org.xtalflow.campaign.Stages}) and their adapters over the science packages,
 * the campaign side of clusters ({@link org.xtalflow.campaign.ClusterJobs} per cluster,
 * {@link org.xtalflow.campaign.ClusterWork} for all) and the store-built
 * {@link org.xtalflow.campaign.CampaignSummary}. It knows no Camel: work goes on as returned
 * work items and {@link org.xtalflow.campaign.Handoff}s that the routes send to their queues.
 */
package org.xtalflow.campaign;
