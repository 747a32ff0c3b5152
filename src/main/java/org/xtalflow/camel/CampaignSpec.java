package org.xtalflow.camel;

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
 */
public record CampaignSpec(String name, List<List<String>> systems, List<Integer> spaceGroups,
                           int samples, String generator, Map<String, Object> screening,
                           String inputSet, String cluster, int priority, String source) {

    public CampaignSpec {
        systems = systems.stream().map(List::copyOf).toList();
        spaceGroups = List.copyOf(spaceGroups);
        screening = Map.copyOf(screening);
    }

    /** "Ba-Ru-O" style labels of the systems, in order. */
    public List<String> systemLabels() {
        return systems.stream().map(s -> String.join("-", s)).toList();
    }
}
