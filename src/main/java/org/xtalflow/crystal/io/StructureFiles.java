package org.xtalflow.crystal.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.SymOp;

/**
 * Reads a structure file by its name: POSCAR, CONTCAR (also POSCAR.x, x.POSCAR, CONTCAR_x, *.vasp)
 * through {@link Poscar}, anything else as CIF. A POSCAR declares no space group; its one
 * structure comes back as a {@link CifStructure} whose block is the file name, whose operations
 * are the identity and whose sites are the cell's, so commands that read CIFs take both.
 */
public final class StructureFiles {

    private StructureFiles() {}

    /** True for names VASP and pymatgen use for POSCAR-format files. */
    public static boolean isPoscar(Path file) {
        String n = file.getFileName().toString().toUpperCase(Locale.ROOT);
        return n.startsWith("POSCAR")
                || n.startsWith("CONTCAR")
                || n.endsWith(".POSCAR")
                || n.endsWith(".CONTCAR")
                || n.endsWith(".VASP");
    }

    /** The structures of a CIF (one per data block) or of a POSCAR/CONTCAR (one). */
    public static List<CifStructure> read(Path file, CifReader cifReader) {
        if (!isPoscar(file)) {
            return cifReader.read(file);
        }
        Structure s = Poscar.read(file).structure();
        return List.of(new CifStructure(
                file.toString(), file.getFileName().toString(), s, s.sites(), List.of(SymOp.IDENTITY), null));
    }
}
