package org.xtalflow.crystal.io;

/**
 * Bounds shared by the structure readers (CIF, POSCAR): beyond them a file is refused with an
 * {@link InputLimitException} (sizes) or a {@link BadInputException} (magnitudes) before any large
 * allocation.
 */
public final class StructureFileLimits {

    /** Larger files are refused before reading: no real CIF or POSCAR of a crystal cell comes near. */
    public static final long MAX_BYTES = 64L << 20;
    /**
     * Sites per structure (listed, and after symmetry expansion): far above any crystal a DFT
     * workflow can use (zeolite and MOF cells hold a few thousand), far below what exhausts memory.
     */
    public static final int MAX_SITES = 20_000;
    /**
     * Largest magnitude of a fractional coordinate or translation. Real files stay within a cell
     * or two of the origin; beyond this, wrapping loses the digits that place the atom (1e300
     * wraps to 0).
     */
    public static final double MAX_ABS_FRACTIONAL = 1000;

    private StructureFileLimits() {}
}
