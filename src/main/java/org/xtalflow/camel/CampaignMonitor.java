package org.xtalflow.camel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.report.CampaignReport;
import org.xtalflow.report.PipelineFunnel;

/** The JMX view ({@link CampaignMXBean}) of one running campaign ({@link CampaignRun}). */
final class CampaignMonitor implements CampaignMXBean {

    private final CampaignRun run;
    private final List<String> filters;

    /** @param filters the configured screening filter order */
    CampaignMonitor(CampaignRun run, List<String> filters) {
        this.run = run;
        this.filters = filters;
    }

    @Override
    public String getCampaignId() {
        return run.getCampaignId();
    }

    @Override
    public String getName() {
        return run.getName();
    }

    @Override
    public String[] getSystems() {
        return run.getSystems();
    }

    @Override
    public String getStatus() {
        return run.statusLabel();
    }

    @Override
    public Map<String, Long> getCandidatesPerState() {
        return run.getCandidatesPerState();
    }

    @Override
    public Map<String, Long> getFunnel() {
        return run.getFunnel();
    }

    @Override
    public String getLastError() {
        return run.getLastError();
    }

    @Override
    public String[] getFunnelStages() {
        PipelineFunnel f = CampaignReport.funnel(run.summary(), filters).total();
        return f.stages().stream()
                .map(s -> String.format(
                        Locale.ROOT,
                        "%s: in %d, out %d, rejected %d%s, pending %d%s",
                        s.name(),
                        s.in(),
                        s.out(),
                        s.rejected(),
                        s.reasons().isEmpty() ? "" : " " + s.reasons(),
                        s.pending(),
                        Double.isNaN(f.shareLeft(s)) ? "" : ", left " + PipelineFunnel.percent(f.shareLeft(s))))
                .toArray(String[]::new);
    }

    @Override
    public int getFailedWork() {
        return run.getFailedWork();
    }

    @Override
    public String[] getStatistics() {
        return run.getStatistics();
    }

    @Override
    public void pause() {
        run.pause();
    }

    @Override
    public void resume() {
        run.resume();
    }

    @Override
    public String[] cancel() {
        org.xtalflow.campaign.CampaignCancel.Outcome o = run.cancel();
        java.util.List<String> lines = new java.util.ArrayList<>();
        o.jobsCancelled().forEach(j -> lines.add("cancelled job " + j));
        lines.add(o.candidatesEnded() + " candidate(s) ended with reason cancelled");
        o.left().forEach(l -> lines.add("left: " + l));
        return lines.toArray(String[]::new);
    }

    @Override
    public String[] getGeneration() {
        return run.getGeneration();
    }

    @Override
    public int retryFailed() {
        return run.retryFailed();
    }
}
