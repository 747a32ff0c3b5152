package org.xtalflow.campaign;

import org.xtalflow.crystal.SpaceGroup;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.vasp.inputs.JobBundle;
import org.xtalflow.vasp.inputs.JobBundleWriter;
import org.xtalflow.vasp.inputs.PotcarLibrary;
import org.xtalflow.vasp.inputs.SiteDecorations;
import org.xtalflow.vasp.inputs.VaspInput;
import org.xtalflow.vasp.inputs.VaspInputSet;
import org.xtalflow.vasp.inputs.VaspSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prepare stage: the {@code vasp} section of conf/xtalflow.yaml (input set overrides, POTCAR
 * library, scheduler, job resources) and templates/ turned into a job bundle per candidate
 * ({@link JobBundleWriter}: INCAR, KPOINTS, POSCAR, POTCAR or POTCAR.spec, job script, manifest),
 * plus the candidate's CIF for people.
 */
public final class VaspPrepareStage implements Stages.Prepare {

    private final VaspSettings settings;
    private final JobBundleWriter writer;
    private final Map<String, VaspInputSet> sets = new ConcurrentHashMap<>();

    public VaspPrepareStage(VaspSettings settings, Path templatesDir) {
        this.settings = settings;
        PotcarLibrary library = settings.potcarDir() != null && Files.isDirectory(settings.potcarDir())
                ? new PotcarLibrary(settings.potcarDir()) : null;
        this.writer = new JobBundleWriter(templatesDir, settings.scheduler(), settings.job(), library);
    }

    @Override
    public Path prepare(Structure structure, SpaceGroup spaceGroup, String candidateId, String inputSet, Path outbox) {
        VaspInputSet set = sets.computeIfAbsent(inputSet, settings::inputSet);
        VaspInput in = set.inputs(structure, spaceGroup, SiteDecorations.none());
        JobBundle bundle = writer.write(outbox, candidateId, in);
        try {
            CifWriter.writeP1(structure, bundle.directory().resolve(candidateId + ".cif"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + candidateId + ".cif in " + bundle.directory(), e);
        }
        return bundle.directory();
    }
}
