package org.xtalflow.camel;

import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.vasp.inputs.VaspInput;
import org.xtalflow.vasp.inputs.VaspInputSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prepare stage: MP-compatible VASP inputs (INCAR, KPOINTS, POSCAR, POTCAR.spec — POTCARs
 * themselves are licensed and assembled on the cluster) plus the candidate's CIF, written to
 * {@code <outbox>/<candidate id>/}. Input sets by name: MPRelaxSet ("relax"), MPStaticSet.
 */
public final class VaspPrepareStage implements Stages.Prepare {

    private final Map<String, VaspInputSet> sets = new ConcurrentHashMap<>();

    @Override
    public Path prepare(Structure structure, String candidateId, String inputSet, Path outbox) {
        VaspInputSet set = sets.computeIfAbsent(inputSet, VaspInputSet::bundled);
        VaspInput in = set.inputs(structure);
        Path dir = outbox.resolve(candidateId);
        try {
            Files.createDirectories(dir);
            write(dir.resolve("INCAR"), in.incar().toText());
            write(dir.resolve("KPOINTS"), in.kpoints().toText());
            write(dir.resolve("POSCAR"), in.poscarText());
            write(dir.resolve("POTCAR.spec"), in.potcarSpecText());
            write(dir.resolve(candidateId + ".cif"), CifWriter.p1(structure));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job bundle " + dir, e);
        }
        return dir;
    }

    private static void write(Path f, String text) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
