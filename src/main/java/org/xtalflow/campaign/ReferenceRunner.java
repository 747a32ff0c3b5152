package org.xtalflow.campaign;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a campaign's same-engine references run: on its cluster ({@link ClusterReferenceRunner},
 * through the transport and scheduler the candidates use) or, for a campaign without a cluster,
 * on this machine ({@link LocalReferenceRunner}).
 */
public interface ReferenceRunner {

    /**
     * Runs every bundle to its end.
     *
     * @param bundles reference id → its written job bundle folder (engine.prepare / prepareMolecule)
     * @param failed  filled with reference id → why it gave no outputs
     * @return reference id → the folder whose outputs the engine reads (ids that failed are absent)
     */
    Map<String, Path> run(Map<String, Path> bundles, Map<String, String> failed);

    /** Where the jobs run, for logs and reports ("cluster testenv (slurm)", "this machine"). */
    String where();
}
