package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.List;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

/**
 * The message body that travels on the SEDA queues between stages: which campaign, which
 * system, and as the candidate moves on its structure, job bundle and scheduler job id.
 * Immutable; each stage returns a new one with its field filled.
 *
 * @param campaignId  campaign id
 * @param system      element symbols of the chemical system (generator order)
 * @param candidateId candidate id, null before screening
 * @param structure   the candidate structure, null before screening
 * @param spaceGroup  the space group it was generated in, null before screening
 * @param bundle      prepared job bundle folder, null before prepare
 * @param cluster     cluster profile name, null for prepare-only campaigns
 * @param jobId       scheduler job id, null before submission
 */
public record WorkItem(
        String campaignId,
        List<String> system,
        String candidateId,
        Structure structure,
        SpaceGroup spaceGroup,
        Path bundle,
        String cluster,
        String jobId) {

    public static WorkItem forSystem(String campaignId, List<String> system, String cluster) {
        return new WorkItem(campaignId, List.copyOf(system), null, null, null, null, cluster, null);
    }

    public WorkItem withCandidate(String id, Structure s, SpaceGroup sg) {
        return new WorkItem(campaignId, system, id, s, sg, bundle, cluster, jobId);
    }

    public WorkItem withBundle(Path b) {
        return new WorkItem(campaignId, system, candidateId, structure, spaceGroup, b, cluster, jobId);
    }

    public WorkItem withJobId(String j) {
        return new WorkItem(campaignId, system, candidateId, structure, spaceGroup, bundle, cluster, j);
    }

    /** "campaign/candidate" or "campaign/Ba-Ru-O" for messages. */
    public String label() {
        return campaignId + "/" + (candidateId != null ? candidateId : String.join("-", system));
    }
}
