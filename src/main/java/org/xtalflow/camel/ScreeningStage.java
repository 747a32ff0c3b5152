package org.xtalflow.camel;

import org.xtalflow.screen.Candidate;
import org.xtalflow.screen.Funnel;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.screen.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    public Outcome screen(String campaignId, CampaignSpec spec, List<Stages.Generated> raw, String idPrefix) {
        ScreeningPipeline p = pipelines.computeIfAbsent(campaignId, id -> ScreeningPipeline.fromConfig(config.get()));
        List<Stages.Generated> survivors = new ArrayList<>();
        int i = 0;
        for (Stages.Generated g : raw) {
            Verdict v = p.screen(new Candidate(idPrefix + "-s" + (i++), g.structure(), g.spaceGroup()));
            if (v.passed()) {
                survivors.add(new Stages.Generated(v.structure(), g.spaceGroup()));
            }
        }
        return new Outcome(survivors, flatten(p.funnel()));
    }

    /** The campaign's funnel as flat counts ("received", "passed", "rejected.distance.too_close", ...); reason codes start with the filter name. */
    static Map<String, Long> flatten(Funnel f) {
        Map<String, Long> m = new TreeMap<>();
        m.put("received", f.getReceived());
        m.put("passed", f.getPassed());
        m.put("errors", f.getErrors());
        m.put("merged_candidates", f.getMergedCandidates());
        for (Funnel.Stage s : f.stages()) {
            m.put("filter." + s.name() + ".in", s.in());
            s.reasons().forEach((reason, n) -> m.put("rejected." + reason, n));
        }
        return m;
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
