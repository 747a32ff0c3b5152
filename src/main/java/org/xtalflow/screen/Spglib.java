package org.xtalflow.screen;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xtalflow.crystal.Lattice;

/**
 * spglib (Debian libsymspg1) through JNA: the space-group number a structure has at a given
 * symprec, as pymatgen's {@code SpacegroupAnalyzer(symprec, angle_tolerance=5)} finds it.
 * {@link #load} returns null with {@link #lastProblem()} set when the library cannot be loaded,
 * so callers can go on without it and say so.
 */
public final class Spglib {

    /** pymatgen's SpacegroupAnalyzer default angle tolerance (degrees). */
    public static final double ANGLE_TOLERANCE_DEG = 5.0;

    /** Where Debian and other distributions put the shared library. */
    public static final List<String> DEFAULT_LOCATIONS = List.of(
            "/usr/lib/x86_64-linux-gnu/libsymspg.so.1",
            "/usr/lib/aarch64-linux-gnu/libsymspg.so.1",
            "/usr/lib64/libsymspg.so.1",
            "/usr/lib/libsymspg.so.1",
            "/usr/local/lib/libsymspg.so.1",
            "symspg");

    interface SpglibLibrary extends Library {
        int spgat_get_international(
                byte[] symbol,
                double[] lattice,
                double[] position,
                int[] types,
                int numAtom,
                double symprec,
                double angleTolerance);

        int spg_get_major_version();

        int spg_get_minor_version();

        int spg_get_micro_version();
    }

    private static volatile String lastProblem = "not tried";

    private final SpglibLibrary lib;
    private final String location;

    private Spglib(SpglibLibrary lib, String location) {
        this.lib = lib;
        this.location = location;
    }

    /** Loads spglib from {@code location} (a path or library name) or, when null, from the default places. */
    public static Spglib load(String location) {
        List<String> tries = new ArrayList<>();
        if (location != null && !location.isBlank()) {
            tries.add(location);
        } else {
            tries.addAll(DEFAULT_LOCATIONS);
        }
        StringBuilder problems = new StringBuilder();
        for (String loc : tries) {
            if (loc.startsWith("/") && !Files.exists(Path.of(loc))) {
                problems.append(loc).append(": absent; ");
                continue;
            }
            try {
                SpglibLibrary lib = Native.load(loc, SpglibLibrary.class);
                Spglib s = new Spglib(lib, loc);
                s.version();
                lastProblem = null;
                return s;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                problems.append(loc).append(": ").append(e.getMessage()).append("; ");
            }
        }
        lastProblem = "spglib not loadable (" + problems + ") - install Debian libsymspg1";
        return null;
    }

    /** Why the last {@link #load} failed, or null. */
    public static String lastProblem() {
        return lastProblem;
    }

    public String version() {
        return lib.spg_get_major_version() + "." + lib.spg_get_minor_version() + "." + lib.spg_get_micro_version();
    }

    public String location() {
        return location;
    }

    /**
     * The international space-group number spglib finds (0 when it finds none), for a cell given
     * as a lattice, flat fractional coordinates and a type per site.
     */
    public int spaceGroupNumber(Lattice lattice, double[] frac, int[] types, int n, double symprec) {
        double[] lat = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                lat[3 * i + j] = lattice.get(j, i); // spglib: lattice vectors are columns
            }
        }
        double[] pos = frac.length == 3 * n ? frac : java.util.Arrays.copyOf(frac, 3 * n);
        byte[] symbol = new byte[11]; // spglib writes the short symbol here; the number is what we compare
        return lib.spgat_get_international(symbol, lat, pos, types, n, symprec, ANGLE_TOLERANCE_DEG);
    }
}
