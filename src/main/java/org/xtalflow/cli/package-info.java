/**
 * The picocli commands of {@code bin/xtalflow}: each stage is also runnable alone; {@code run}
 * and {@code campaign} reach the application through {@link org.xtalflow.campaign.CampaignEngine},
 * without knowing Camel.
 */
package org.xtalflow.cli;
