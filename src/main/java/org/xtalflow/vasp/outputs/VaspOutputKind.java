package org.xtalflow.vasp.outputs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.xtalflow.crystal.io.BadInputException;

/** Which VASP output a file is: told from its name (vasprun*, *.xml, OUTCAR*, OSZICAR*), else from its first bytes. */
public enum VaspOutputKind {
    VASPRUN,
    OUTCAR,
    OSZICAR;

    public static VaspOutputKind detect(Path file) {
        String n =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.contains("vasprun") || n.endsWith(".xml") || n.endsWith(".xml.gz")) {
            return VASPRUN;
        }
        if (n.contains("outcar")) {
            return OUTCAR;
        }
        if (n.contains("oszicar")) {
            return OSZICAR;
        }
        String head = VaspFiles.parse(file, (in, name) -> new String(in.readNBytes(8192), StandardCharsets.ISO_8859_1));
        if (head.contains("<modeling") || head.stripLeading().startsWith("<?xml")) {
            return VASPRUN;
        }
        if (head.stripLeading().startsWith("vasp.") || head.contains("running on")) {
            return OUTCAR;
        }
        if (head.matches("(?s)\\s*N\\s+E\\s.*")
                || head.contains(" F= ")
                || head.matches("(?s)\\s*(DAV|RMM|CG|SDA):.*")) {
            return OSZICAR;
        }
        throw new BadInputException(
                file.toString(),
                1,
                "not a VASP output file this reader knows (vasprun.xml, OUTCAR, OSZICAR); name it so or pass --kind");
    }
}
