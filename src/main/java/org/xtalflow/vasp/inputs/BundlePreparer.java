package org.xtalflow.vasp.inputs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;

/**
 * The prepare stage: a structure in, a job bundle (INCAR, KPOINTS, POSCAR, POTCAR or POTCAR.spec,
 * job script, manifest; optionally its tar.gz and the candidate's CIF) out. The one prepare stage
 * of xtalflow, called the same way from the CLI ({@code xtalflow prepare}), the campaign pipeline
 * and a test.
 */
public final class BundlePreparer {

    private final JobBundleWriter writer;
    private final Function<String, VaspInputSet> inputSets;
    private final Map<String, VaspInputSet> sets = new ConcurrentHashMap<>();
    private final boolean pack;
    private final boolean withCif;

    /**
     * @param inputSets the input set for a name (or file); each name is resolved once
     * @param pack      also write {@code <outDir>/<candidate id>.tar.gz}
     * @param withCif   also write {@code <candidate id>.cif} (P1) into the bundle, for people
     */
    public BundlePreparer(
            JobBundleWriter writer, Function<String, VaspInputSet> inputSets, boolean pack, boolean withCif) {
        this.writer = writer;
        this.inputSets = inputSets;
        this.pack = pack;
        this.withCif = withCif;
    }

    /**
     * The campaign's prepare stage: the {@code vasp} section of conf/xtalflow.yaml (input set
     * overrides, POTCAR library, scheduler, job resources) and templates/; bundles carry the
     * candidate's CIF, no tar.gz.
     */
    public static BundlePreparer forCampaigns(VaspSettings settings, Path templatesDir) {
        return forCampaigns(settings, templatesDir, JobFlow.defaults());
    }

    /** As above, for the flow of conf's {@code vasp.workflow} (steps and walltime margin). */
    public static BundlePreparer forCampaigns(VaspSettings settings, Path templatesDir, JobFlow flow) {
        PotcarLibrary library = settings.potcarDir() != null && Files.isDirectory(settings.potcarDir())
                ? new PotcarLibrary(settings.potcarDir())
                : null;
        JobBundleWriter writer = new JobBundleWriter(templatesDir, settings.scheduler(), settings.job(), library, flow);
        return new BundlePreparer(writer, settings::inputSet, false, true);
    }

    /**
     * Writes the bundle into {@code outDir/<candidate id>/}.
     *
     * @param spaceGroup the structure's space group when known (face-centred groups get a Gamma mesh); may be null
     * @param inputSet   the input set's name or file
     * @throws VaspInputException when no input can be made (e.g. an element without a POTCAR choice)
     */
    public JobBundle prepare(
            String candidateId, Structure structure, SpaceGroup spaceGroup, String inputSet, Path outDir) {
        VaspInputSet set = sets.computeIfAbsent(inputSet, inputSets);
        VaspInput input = set.inputs(structure, spaceGroup, SiteDecorations.none());
        JobBundle bundle = writer.write(outDir, candidateId, input);
        if (withCif) {
            try {
                CifWriter.writeP1(structure, bundle.directory().resolve(candidateId + ".cif"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + candidateId + ".cif in " + bundle.directory(), e);
            }
        }
        if (pack) {
            bundle.pack(outDir.resolve(candidateId + ".tar.gz"));
        }
        return bundle;
    }
}
