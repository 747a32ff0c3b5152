package org.xtalflow.crystal.io;

import java.nio.file.Path;

/** Reads a CIF or POSCAR in a child JVM (see ChildJvm) and prints how it ended; exit 0 unless the JVM dies. */
public final class CifProbe {
    public static void main(String[] args) {
        Path f = Path.of(args[1]);
        try {
            int n = args[0].equals("cif")
                    ? new CifReader().readStructure(f).size()
                    : Poscar.read(f).structure().size();
            System.out.println("READ " + n + " sites");
        } catch (InputLimitException e) {
            System.out.println("REFUSED " + e.limit() + ": " + e.getMessage());
        } catch (BadInputException e) {
            System.out.println("BAD: " + e.getMessage());
        }
    }
}
