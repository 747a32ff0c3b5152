package org.xtalflow.camel;

import org.xtalflow.screen.Candidate;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.screen.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The screening stage: one {@link ScreeningPipeline} (merge + filters, configured by the
 * {@code screening} section of conf/xtalflow.yaml) per campaign, so duplicates are judged within
 * a campaign and each campaign has its own funnel.
 */
public final class ScreeningStage implements Stages.Screen, AutoCloseable {

    private final Supplier<ScreeningConfig> config;
    private final Map<String, ScreeningPipeline> pipelines = new ConcurrentHashMap<>();

    public ScreeningStage(Supplier<ScreeningConfig> config) {
        this.config = config;
    }

    @Override
    public List<Result> screen(String campaignId, CampaignSpec spec, List<Stages.Generated> raw, List<String> ids) {
        ScreeningPipeline p = pipelines.computeIfAbsent(campaignId, id -> ScreeningPipeline.fromConfig(config.get()));
        List<Result> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Stages.Generated g = raw.get(i);
            Verdict v = p.screen(new Candidate(ids.get(i), g.structure(), g.spaceGroup()));
            out.add(new Result(v.id(), v.passed(), v.filter(), v.reason(), v.detail(), v.structure()));
        }
        return out;
    }

    /** Drops a finished campaign's pipeline. */
    public void forget(String campaignId) {
        ScreeningPipeline p = pipelines.remove(campaignId);
        if (p != null) {
            p.close();
        }
    }

    @Override
    public void close() {
        pipelines.keySet().forEach(this::forget);
    }
}
