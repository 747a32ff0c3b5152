package org.xtalflow.crystal.io;

/**
 * Bounds shared by the structure readers (CIF, POSCAR): beyond them a file is refused with an
 * {@link InputLimitException} (sizes) or a {@link BadInputException} (magnitudes) before any large
 * allocation. The file size and site caps are the built-in values below unless the application
 * {@link #configure configured} others from {@code limits.structures} in conf/xtalflow.yaml.
 */
public final class StructureFileLimits {

    /** Built-in cap on bytes: no real CIF or POSCAR of a crystal cell comes near 64 MiB. */
    public static final long MAX_BYTES = 64L << 20;
    /**
     * Built-in cap on sites per structure (listed, and after symmetry expansion): far above any
     * crystal a DFT workflow can use (zeolite and MOF cells hold a few thousand), far below what
     * exhausts memory.
     */
    public static final int MAX_SITES = 20_000;
    /**
     * Largest magnitude of a fractional coordinate or translation. Real files stay within a cell
     * or two of the origin; beyond this, wrapping loses the digits that place the atom (1e300
     * wraps to 0).
     */
    public static final double MAX_ABS_FRACTIONAL = 1000;

    // set once at start by the application (limits.structures); the readers are static and shared
    private static volatile long maxBytes = MAX_BYTES;
    private static volatile int maxSites = MAX_SITES;

    private StructureFileLimits() {}

    /** Bytes of a CIF or POSCAR file read at most ({@code limits.structures.max_bytes}). */
    public static long maxBytes() {
        return maxBytes;
    }

    /** Sites per structure at most ({@code limits.structures.max_sites}). */
    public static int maxSites() {
        return maxSites;
    }

    /** Sets both caps for this process (the application does, from its configuration). */
    public static void configure(long bytes, int sites) {
        if (bytes <= 0 || sites <= 0) {
            throw new IllegalArgumentException("structure file limits must be positive");
        }
        maxBytes = bytes;
        maxSites = sites;
    }
}
