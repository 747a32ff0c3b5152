package org.xtalflow.vasp.inputs;

import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;

import java.nio.file.Path;

/**
 * The prepare stage: a structure in, a job bundle (and optionally its tar.gz) out. Called the same
 * way from the CLI, a route and a test.
 */
public final class BundlePreparer {

    private final VaspInputSet inputSet;
    private final JobBundleWriter writer;
    private final Path outDir;
    private final boolean pack;

    /**
     * @param outDir bundles go to {@code outDir/<candidate id>/} (and {@code <candidate id>.tar.gz} when pack)
     */
    public BundlePreparer(VaspInputSet inputSet, JobBundleWriter writer, Path outDir, boolean pack) {
        this.inputSet = inputSet;
        this.writer = writer;
        this.outDir = outDir;
        this.pack = pack;
    }

    /**
     * @param spaceGroup the structure's space group when known (face-centred groups get a Gamma mesh); may be null
     * @throws VaspInputException when no input can be made (e.g. an element without a POTCAR choice)
     */
    public JobBundle prepare(String candidateId, Structure structure, SpaceGroup spaceGroup) {
        VaspInput input = inputSet.inputs(structure, spaceGroup, SiteDecorations.none());
        JobBundle bundle = writer.write(outDir, candidateId, input);
        if (pack) {
            bundle.pack(outDir.resolve(candidateId + ".tar.gz"));
        }
        return bundle;
    }

    public VaspInputSet inputSet() {
        return inputSet;
    }
}
