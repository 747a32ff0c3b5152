package org.xtalflow.dft;

import java.nio.file.Files;
import java.nio.file.Path;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.vasp.inputs.BundlePreparer;
import org.xtalflow.vasp.outputs.Vasprun;

/**
 * VASP behind the seam: bundles from {@link BundlePreparer} (MP-compatible input sets), results
 * from {@code vasprun.xml}. Its entries carry run type, U values and POTCAR symbols, which the
 * MP2020 correction needs; their settings are MP's, so their hash is empty.
 */
public final class VaspEngine implements DftEngine {

    public static final String RESULT = "vasprun.xml";

    private final BundlePreparer preparer;

    public VaspEngine(BundlePreparer preparer) {
        this.preparer = preparer;
    }

    @Override
    public Engine engine() {
        return Engine.VASP;
    }

    @Override
    public Path prepare(String candidateId, Structure structure, SpaceGroup spaceGroup, String inputSet, Path outDir) {
        return preparer.prepare(candidateId, structure, spaceGroup, inputSet, outDir)
                .directory();
    }

    @Override
    public boolean wrote(Path resultsDir) {
        return Files.isRegularFile(resultsDir.resolve(RESULT));
    }

    /** Reads {@code vasprun.xml}; a run without one is an error naming the folder. */
    public static DftResult readVasprun(String candidateId, Path resultsDir) {
        Path file = resultsDir.resolve(RESULT);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(candidateId + ": no " + RESULT + " in " + resultsDir);
        }
        Vasprun v = Vasprun.read(file);
        ComputedEntry e = ComputedEntry.builder(v.finalStructure(), v.finalEnergy())
                .entryId(candidateId)
                .runType(v.runType())
                .hubbards(v.hubbards())
                .potcarSymbols(v.potcarSymbols())
                .build();
        return new DftResult(e, v.isConverged());
    }

    @Override
    public DftResult read(String candidateId, Path resultsDir) {
        return readVasprun(candidateId, resultsDir);
    }

    @Override
    public String settingsHash(String inputSet) {
        return EntrySettings.VASP_MP_HASH;
    }
}
