package org.xtalflow.vasp.outputs;

import java.nio.file.Path;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.InputLimitException;

/**
 * Reads one VASP output file in a child JVM (see {@link org.xtalflow.testing.ChildJvm}) and says
 * how it ended: "READ", "REFUSED <limit>: <message>" or "BAD: <message>"; exit 0 in each case.
 */
public final class ReadProbe {
    public static void main(String[] args) {
        Path f = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "vasprun" -> Vasprun.read(f, true);
                case "outcar" -> Outcar.read(f);
                case "oszicar" -> Oszicar.read(f);
                default -> throw new IllegalArgumentException(args[0]);
            }
            System.out.println("READ");
        } catch (InputLimitException e) {
            System.out.println("REFUSED " + e.limit() + ": " + e.getMessage());
        } catch (BadInputException e) {
            System.out.println("BAD: " + e.getMessage());
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("heap used MiB " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
    }
}
