package org.xtalflow.camel;

import org.xtalflow.campaign.CampaignRun;

import java.util.Map;

/** The JMX view ({@link CampaignMXBean}) of one running campaign ({@link CampaignRun}). */
final class CampaignMonitor implements CampaignMXBean {

    private final CampaignRun run;

    CampaignMonitor(CampaignRun run) {
        this.run = run;
    }

    @Override public String getCampaignId() { return run.getCampaignId(); }
    @Override public String getName() { return run.getName(); }
    @Override public String[] getSystems() { return run.getSystems(); }
    @Override public String getStatus() { return run.statusLabel(); }
    @Override public Map<String, Long> getCandidatesPerState() { return run.getCandidatesPerState(); }
    @Override public Map<String, Long> getFunnel() { return run.getFunnel(); }
    @Override public String getLastError() { return run.getLastError(); }
    @Override public int getFailedWork() { return run.getFailedWork(); }
    @Override public void pause() { run.pause(); }
    @Override public void resume() { run.resume(); }
    @Override public int retryFailed() { return run.retryFailed(); }
}
