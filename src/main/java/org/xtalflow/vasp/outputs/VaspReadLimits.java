package org.xtalflow.vasp.outputs;

/**
 * Bounds on what the VASP output readers (vasprun.xml, OUTCAR, OSZICAR) accept, so that a damaged
 * or hostile file fetched from a cluster ends in a typed refusal instead of exhausting memory. The
 * defaults are far above any real file: a vasprun.xml with projections on a dense k-mesh is a few
 * GB with millions of short elements, its longest text node (an INCAR string, a {@code <v>} row) a
 * few hundred characters, its nesting about 8 deep; OUTCAR lines are under 300 characters.
 *
 * <p>The application sets them from {@code limits.vasp_outputs} in conf/xtalflow.yaml ({@link
 * #configure}); a system property {@code xtalflow.vasp.<name>} (e.g. {@code
 * -Dxtalflow.vasp.max_text_chars=4000000} in {@code JAVA_OPTS}, or a test) overrides either.
 *
 * @param maxBytes     bytes read after decompression, per file ({@code max_bytes})
 * @param maxTextChars characters of one XML text node ({@code max_text_chars})
 * @param maxElements  XML elements per file ({@code max_elements})
 * @param maxDepth     XML nesting depth ({@code max_depth})
 * @param maxLineChars characters of one OUTCAR/OSZICAR line ({@code max_line_chars})
 * @param maxIonicSteps ionic steps an OSZICAR may list ({@code max_ionic_steps}; each is kept)
 */
public record VaspReadLimits(
        long maxBytes, int maxTextChars, long maxElements, int maxDepth, int maxLineChars, int maxIonicSteps) {

    /**
     * 64 GiB, 1 Mi characters per text node, 4·10^9 elements, 64 levels, 1 Mi characters per
     * line, 2·10^6 OSZICAR ionic steps (a long machine-learned MD run has a few 10^5).
     */
    public static final VaspReadLimits BUILT_IN =
            new VaspReadLimits(64L << 30, 1 << 20, 4_000_000_000L, 64, 1 << 20, 2_000_000);

    // set once at start by the application (limits.vasp_outputs); the readers are static and shared
    private static volatile VaspReadLimits configured = BUILT_IN;

    /** The same limits without a cap on OSZICAR ionic steps beyond the built-in one. */
    public VaspReadLimits(long maxBytes, int maxTextChars, long maxElements, int maxDepth, int maxLineChars) {
        this(maxBytes, maxTextChars, maxElements, maxDepth, maxLineChars, BUILT_IN.maxIonicSteps);
    }

    public VaspReadLimits {
        if (maxBytes <= 0
                || maxTextChars <= 0
                || maxElements <= 0
                || maxDepth <= 0
                || maxLineChars <= 0
                || maxIonicSteps <= 0) {
            throw new IllegalArgumentException("VASP read limits must be positive");
        }
    }

    /** Sets the limits for this process (the application does, from its configuration). */
    public static void configure(VaspReadLimits limits) {
        configured = java.util.Objects.requireNonNull(limits);
    }

    /**
     * The configured limits (the built-in ones unless {@link #configure} was called) with any
     * {@code xtalflow.vasp.*} system property applied.
     */
    public static VaspReadLimits defaults() {
        VaspReadLimits c = configured;
        return new VaspReadLimits(
                property("max_bytes", c.maxBytes),
                (int) Math.min(Integer.MAX_VALUE - 16, property("max_text_chars", c.maxTextChars)),
                property("max_elements", c.maxElements),
                (int) Math.min(100_000, property("max_depth", c.maxDepth)),
                (int) Math.min(Integer.MAX_VALUE - 16, property("max_line_chars", c.maxLineChars)),
                (int) Math.min(Integer.MAX_VALUE, property("max_ionic_steps", c.maxIonicSteps)));
    }

    private static long property(String name, long fallback) {
        String v = System.getProperty("xtalflow.vasp." + name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "system property xtalflow.vasp." + name + " is not a whole number: '" + v + "'");
        }
    }
}
