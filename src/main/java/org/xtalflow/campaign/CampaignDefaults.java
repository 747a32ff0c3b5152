package org.xtalflow.campaign;

import java.util.Map;
import java.util.Set;

/**
 * Defaults and vocabulary an inbox file is checked against: what a spec gets when it does not
 * say, how many elements each generator takes, and which cluster profiles exist.
 *
 * @param samples             default samples per system and space group
 * @param generator           default generator name
 * @param inputSet            default VASP input set
 * @param priority            default priority
 * @param elementsPerGenerator generator name → number of elements per system it accepts
 *                            (PGCGM is ternary: 3)
 * @param clusters            configured cluster profile names
 * @param seed                default sampling seed (≥ 0), or null: each campaign's seed derives
 *                            from its id
 * @param maxSamplesPerSystem the most samples a spec may ask for per system (conf
 *                            {@code application.generation.max_samples_per_system})
 */
public record CampaignDefaults(
        int samples,
        String generator,
        String inputSet,
        int priority,
        Map<String, Integer> elementsPerGenerator,
        Set<String> clusters,
        Long seed,
        int maxSamplesPerSystem) {
    public CampaignDefaults {
        elementsPerGenerator = Map.copyOf(elementsPerGenerator);
        clusters = Set.copyOf(clusters);
    }

    /** Defaults with the standard cap on samples per system ({@link GenerationPlan#DEFAULT_MAX_SAMPLES_PER_SYSTEM}). */
    public CampaignDefaults(
            int samples,
            String generator,
            String inputSet,
            int priority,
            Map<String, Integer> elementsPerGenerator,
            Set<String> clusters,
            Long seed) {
        this(
                samples,
                generator,
                inputSet,
                priority,
                elementsPerGenerator,
                clusters,
                seed,
                GenerationPlan.DEFAULT_MAX_SAMPLES_PER_SYSTEM);
    }

    /** Defaults without a seed (each campaign's seed derives from its id). */
    public CampaignDefaults(
            int samples,
            String generator,
            String inputSet,
            int priority,
            Map<String, Integer> elementsPerGenerator,
            Set<String> clusters) {
        this(samples, generator, inputSet, priority, elementsPerGenerator, clusters, null);
    }

    /** PGCGM ternaries, 100 samples, MPRelaxSet, no clusters. */
    public static CampaignDefaults standard() {
        return new CampaignDefaults(100, "pgcgm", "MPRelaxSet", 0, Map.of("pgcgm", 3, "random", 3), Set.of());
    }
}
