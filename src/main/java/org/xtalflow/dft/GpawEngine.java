package org.xtalflow.dft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.gpaw.GpawBundleWriter;
import org.xtalflow.gpaw.GpawInputSet;
import org.xtalflow.gpaw.GpawResult;
import org.xtalflow.gpaw.GpawResultReader;

/**
 * GPAW (Debian's gpaw + ASE, PAW setups from gpaw-data) behind the seam: bundles from {@link
 * GpawBundleWriter} with a {@link GpawInputSet} ("relax", "test" or a yaml file), results from
 * {@code gpaw-result.json}. Entries are uncorrected GPAW-PBE energies with the engine, the input set
 * and its settings hash in their parameters; they share a hull only with entries of the same hash.
 */
public final class GpawEngine implements DftEngine {

    private final GpawBundleWriter writer;
    private final Map<String, GpawInputSet> sets = new ConcurrentHashMap<>();

    public GpawEngine(GpawBundleWriter writer) {
        this.writer = writer;
    }

    /**
     * @param templatesDir holds jobs/gpaw-slurm.sh, gpaw-pbs.sh, gpaw-run.sh, gpaw_relax.py
     * @param python       the Python that imports gpaw where the job runs (a profile may override it)
     */
    public static GpawEngine of(Path templatesDir, BatchSystem scheduler, JobResources job, String python) {
        return new GpawEngine(new GpawBundleWriter(templatesDir, scheduler, job, python));
    }

    @Override
    public Engine engine() {
        return Engine.GPAW;
    }

    public GpawInputSet inputSet(String name) {
        return sets.computeIfAbsent(name, GpawInputSet::named);
    }

    @Override
    public Path prepare(String candidateId, Structure structure, SpaceGroup spaceGroup, String inputSet, Path outDir) {
        return writer.write(outDir, candidateId, structure, inputSet(inputSet).forCrystal(structure))
                .directory();
    }

    /** A diatomic molecule in its box (spin-polarised, Γ only): {@link GpawInputSet#forMolecule}. */
    @Override
    public Path prepareMolecule(String id, Structure boxed, String inputSet, Path outDir) {
        return writer.write(outDir, id, boxed, inputSet(inputSet).forMolecule(boxed))
                .directory();
    }

    @Override
    public double moleculeBoxA(String inputSet) {
        return inputSet(inputSet).moleculeBoxA();
    }

    @Override
    public boolean wrote(Path resultsDir) {
        return Files.isRegularFile(resultsDir.resolve(GpawBundleWriter.RESULT))
                || Files.isRegularFile(resultsDir.resolve(GpawBundleWriter.EXIT_CODE));
    }

    @Override
    public DftResult read(String candidateId, Path resultsDir) {
        GpawResult r = GpawResultReader.readDirectory(resultsDir);
        if (unrelaxedButFinished(r)) {
            // as VASP's: a relaxation that used its steps is still harvested (flagged not converged)
            // when the final static run gave an energy at the geometry reached
            GpawResult asFinished = new GpawResult(
                    r.source(),
                    java.util.List.of(),
                    "",
                    r.finalEnergyEv(),
                    r.finalStructure(),
                    r.lastStructure(),
                    r.forces(),
                    r.stress(),
                    r.relaxSteps(),
                    false,
                    r.scfConverged(),
                    r.scfIterations(),
                    r.magneticMomentMuB(),
                    r.parameters(),
                    r.wallSeconds());
            return new DftResult(asFinished.toComputedEntry(candidateId), false);
        }
        if (!r.ok()) {
            throw new IllegalStateException(candidateId + ": GPAW run in " + resultsDir + " has no result: "
                    + r.errors() + (r.errorDetail().isEmpty() ? "" : " (" + r.errorDetail() + ")"));
        }
        return new DftResult(r.toComputedEntry(candidateId), r.relaxConverged() && r.scfConverged());
    }

    private static boolean unrelaxedButFinished(GpawResult r) {
        return r.errors().equals(java.util.List.of(org.xtalflow.gpaw.GpawError.RELAXATION_NOT_CONVERGED))
                && r.finalStructure() != null
                && Double.isFinite(r.finalEnergyEv())
                && r.scfConverged();
    }

    @Override
    public String settingsHash(String inputSet) {
        return inputSet(inputSet).settingsHash();
    }
}
