package org.xtalflow.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.xtalflow.screen.Candidate;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.screen.ScreeningPipeline;
import org.xtalflow.screen.Verdict;

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
        ScreeningPipeline p =
                pipelines.computeIfAbsent(campaignId, id -> ScreeningPipeline.fromConfig(configFor(spec)));
        List<Result> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Stages.Generated g = raw.get(i);
            Verdict v = p.screen(new Candidate(ids.get(i), g.structure(), g.spaceGroup()));
            out.add(new Result(v.id(), v.passed(), v.filter(), v.reason(), v.detail(), v.structure()));
        }
        return out;
    }

    /** Spec options that override conf's screening section for one campaign. */
    public static final java.util.Set<String> OPTIONS =
            java.util.Set.of("max_sites", "min_distance_angstrom", "radius_ratio", "filters");

    /** conf's screening section with the campaign's overrides ({@link #OPTIONS}) applied. */
    ScreeningConfig configFor(CampaignSpec spec) {
        ScreeningConfig c = config.get();
        Map<String, Object> o = spec.screening();
        if (o.containsKey("max_sites")) {
            c.maxSites = ((Number) o.get("max_sites")).intValue();
        }
        if (o.containsKey("min_distance_angstrom")) {
            c.minDistanceAngstrom = ((Number) o.get("min_distance_angstrom")).doubleValue();
        }
        if (o.containsKey("radius_ratio")) {
            c.radiusRatio = ((Number) o.get("radius_ratio")).doubleValue();
        }
        if (o.containsKey("filters")) {
            c.filters = ((List<?>) o.get("filters"))
                    .stream().map(String::valueOf).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        return c;
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
