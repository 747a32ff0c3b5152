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
 */
public record CampaignDefaults(
        int samples,
        String generator,
        String inputSet,
        int priority,
        Map<String, Integer> elementsPerGenerator,
        Set<String> clusters,
        Long seed) {
    public CampaignDefaults {
        elementsPerGenerator = Map.copyOf(elementsPerGenerator);
        clusters = Set.copyOf(clusters);
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
