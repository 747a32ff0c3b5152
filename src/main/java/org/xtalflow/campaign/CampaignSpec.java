package org.xtalflow.campaign;

import java.util.List;
import java.util.Map;

/**
 * What a campaign should do, as read from an inbox file or the nightly configuration.
 *
 * @param name        human label (file name or "nightly"); not an id
 * @param systems     chemical systems, each an ordered list of element symbols (generator order)
 * @param spaceGroups space-group numbers to sample (empty: the generator's default set)
 * @param samples     generator samples per system and space group
 * @param generator   generator name ("pgcgm", "random", ...)
 * @param screening   screening options passed through to the screening stage (may be empty)
 * @param inputSet    VASP input set name (e.g. "MPRelaxSet")
 * @param cluster     cluster profile name, or null to prepare bundles into the outbox only
 * @param priority    larger runs first when queues are contended
 * @param source      where the spec came from (file name, "nightly", "cli")
 * @param seed        sampling seed (≥ 0) from the spec or conf's {@code application.defaults.seed},
 *                    or null: then it is derived from the campaign id ({@link #baseSeed(String)})
 * @param engine      DFT engine ("vasp" or "gpaw"), or null: the cluster profile's engine, else vasp
 */
public record CampaignSpec(
        String name,
        List<List<String>> systems,
        List<Integer> spaceGroups,
        int samples,
        String generator,
        Map<String, Object> screening,
        String inputSet,
        String cluster,
        int priority,
        String source,
        Long seed,
        String engine) {

    public CampaignSpec {
        systems = systems.stream().map(List::copyOf).toList();
        spaceGroups = List.copyOf(spaceGroups);
        screening = Map.copyOf(screening);
        if (seed != null && seed < 0) {
            throw new IllegalArgumentException("seed must be >= 0, got " + seed);
        }
        if (engine != null) {
            engine = org.xtalflow.dft.Engine.parse(engine).configName();
        }
    }

    /** A spec whose engine comes from its cluster profile (or is VASP). */
    public CampaignSpec(
            String name,
            List<List<String>> systems,
            List<Integer> spaceGroups,
            int samples,
            String generator,
            Map<String, Object> screening,
            String inputSet,
            String cluster,
            int priority,
            String source,
            Long seed) {
        this(
                name,
                systems,
                spaceGroups,
                samples,
                generator,
                screening,
                inputSet,
                cluster,
                priority,
                source,
                seed,
                null);
    }

    /** A spec without a seed (derived from the campaign id). */
    public CampaignSpec(
            String name,
            List<List<String>> systems,
            List<Integer> spaceGroups,
            int samples,
            String generator,
            Map<String, Object> screening,
            String inputSet,
            String cluster,
            int priority,
            String source) {
        this(name, systems, spaceGroups, samples, generator, screening, inputSet, cluster, priority, source, null);
    }

    /** The same spec with another seed (null: derived from the campaign id). */
    public CampaignSpec withSeed(Long newSeed) {
        return new CampaignSpec(
                name,
                systems,
                spaceGroups,
                samples,
                generator,
                screening,
                inputSet,
                cluster,
                priority,
                source,
                newSeed,
                engine);
    }

    /** The same spec with another engine and input set (engine null: the cluster profile's). */
    public CampaignSpec withEngine(String newEngine, String newInputSet) {
        return new CampaignSpec(
                name,
                systems,
                spaceGroups,
                samples,
                generator,
                screening,
                newInputSet,
                cluster,
                priority,
                source,
                seed,
                newEngine);
    }

    /**
     * The campaign's sampling seed: the spec's, or one derived from the campaign id (non-negative).
     * Writing the derived value as {@code seed:} into a spec reproduces the campaign's samples.
     */
    public long baseSeed(String campaignId) {
        if (seed != null) {
            return seed;
        }
        return mix(campaignId.hashCode()) & Long.MAX_VALUE;
    }

    /**
     * The generator seed of one system: a function of the base seed and the system's ordered
     * element list only, so the same spec and seed draw the same samples in any campaign, and
     * the systems of one campaign draw different ones.
     */
    public static long systemSeed(long baseSeed, List<String> system) {
        return mix(baseSeed ^ mix(String.join("-", system).hashCode()));
    }

    /** SplitMix64 finaliser: spreads nearby inputs (seeds 1, 2, 3) over the whole long range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** "Ba-Ru-O" style labels of the systems, in order. */
    public List<String> systemLabels() {
        return systems.stream().map(s -> String.join("-", s)).toList();
    }
}
