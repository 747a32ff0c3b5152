package org.xtalflow.dft;

import java.nio.file.Path;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

/**
 * One DFT code behind the campaign: writes a job bundle (inputs, job script, manifest) that the
 * scheduler runs, and reads the fetched outputs of a finished job into a computed entry. The
 * bundle's job script is the only thing that runs on the cluster; the cluster profile's
 * environment file (modules, the command, MPI ranks) adjusts it at submission.
 */
public interface DftEngine {

    Engine engine();

    /**
     * Writes {@code outDir/<candidateId>/} and returns that folder.
     *
     * @param spaceGroup the structure's space group when known (k-mesh style); may be null
     * @param inputSet   the engine's input set name or file
     */
    Path prepare(String candidateId, Structure structure, SpaceGroup spaceGroup, String inputSet, Path outDir);

    /** Whether the fetched outputs in {@code resultsDir} are this engine's. */
    boolean wrote(Path resultsDir);

    /**
     * The finished job's entry.
     *
     * @throws IllegalStateException naming the candidate and the folder when there is no usable result
     */
    DftResult read(String candidateId, Path resultsDir);

    /** The hash of the input set's energy-scale settings (two entries share a hull only when equal). */
    String settingsHash(String inputSet);

    /** A diatomic-molecule reference in its vacuum box; engines without molecule references refuse. */
    default Path prepareMolecule(String id, Structure boxed, String inputSet, Path outDir) {
        throw new UnsupportedOperationException(engine().configName() + " computes no molecule references");
    }

    /** Edge of a molecule reference's box, Å. */
    default double moleculeBoxA(String inputSet) {
        return 10.0;
    }
}
