/**
 * Renders a campaign's report (Markdown, JSON, plots, CIFs of the stable candidates) from a
 * {@link org.xtalflow.campaign.CampaignSummary} read from the store, so any finished campaign can
 * be reported again after any restart.
 */
package org.xtalflow.report;
