package org.xtalflow.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line per reason code a funnel can show: what rejected the candidate, in a scientist's
 * words. The report's and the README's glossaries are this table; a test holds it complete
 * against the codes the filters emit.
 */
public final class ReasonGlossary {

    private static final Map<String, String> LINES = new LinkedHashMap<>();

    static {
        put("input.unreadable_cif", "the CIF file could not be read (file and line on stderr)");
        put("input.no_spacegroup", "the CIF declares no space group and none was given with --spacegroup");
        put("merge.failed", "merging near-duplicate atoms failed (e.g. an element without an atomic radius)");
        put("size.too_many_sites", "more atoms in the cell than screening.size.max_sites (DFT cost grows as N³)");
        put("size.empty", "no atoms left in the cell");
        put(
                "density.too_low",
                "cell too large for its atoms: volume per atom or volume over the elements' own "
                        + "volumes above the range of real solids");
        put(
                "density.too_high",
                "atoms packed tighter than in any real solid: volume per atom or volume ratio below " + "the range");
        put("distance.too_close", "two atoms closer than 0.5 Å or than radius_ratio × (r_i + r_j) (atomic radii)");
        put("charge.not_neutral", "no assignment of common or ICSD oxidation states makes the formula neutral");
        put(
                "charge.no_neutral_ordered_assignment",
                "no neutral assignment with cations less electronegative than " + "anions (SMACT's Pauling test)");
        put(
                "spacegroup.operation_broken",
                "an operation of the intended space group does not map the structure onto "
                        + "itself within tolerance");
        put("spacegroup.spglib_mismatch", "spglib finds another space group than the intended one at symprec");
        put(
                "duplicate.this_run",
                "the same structure (formula, group, fingerprint) as an earlier candidate of this run");
        put("duplicate.previous_run", "the same structure as a survivor of an earlier run (duplicate store)");
        put(
                "novelty.known",
                "the same structure as a known one (bundled Materials Project ground states or " + "novelty.folders)");
        put(
                "prescreen.predicted_unstable",
                "the CGCNN pre-screen predicts an energy above the hull (or a formation energy) beyond "
                        + "prescreen.max_e_above_hull (max_formation_energy)");
        put(
                "prescreen.outside_window",
                "a predicted property lies outside its prescreen.windows range (the key follows ':')");
        put(
                "prescreen.not_top_n",
                "passed the pre-screen but not among the prescreen.top_n_per_system best of its system");
        put("prescreen.no_prediction", "the property models could not build the candidate's crystal graph");
        put("prepare.failed", "the VASP input set could not be written (e.g. an element without a POTCAR)");
        put("submit.refused", "the scheduler refused the job (sbatch/qsub error on the candidate)");
        put("run.failed", "the DFT run failed and no correction could fix it");
        put("run.timeout", "the DFT run hit the walltime");
        put("harvest.not_converged", "the relaxation ended unconverged; its energy is not used for the hull");
        put(
                "cancelled",
                "the campaign was cancelled (campaign cancel) before the candidate reached the end of its road; "
                        + "its job, if it had one, was cancelled");
        put("stable.above_hull", "harvested, but above the convex hull by more than the stability threshold");
    }

    private ReasonGlossary() {}

    private static void put(String code, String line) {
        LINES.put(code, line);
    }

    /** The line for a code; a filter's {@code <filter>.cannot_check} is generic; unknown codes say so. */
    public static String explain(String code) {
        // per-property window codes, e.g. prescreen.outside_window:band_gap
        String line = LINES.get(code.startsWith("prescreen.outside_window:") ? "prescreen.outside_window" : code);
        if (line != null) {
            return line;
        }
        if (code.endsWith(".cannot_check")) {
            return "the " + code.substring(0, code.indexOf('.'))
                    + " filter could not judge the structure (detail on the " + "candidate)";
        }
        return "no explanation recorded for this code";
    }

    public static boolean known(String code) {
        return LINES.containsKey(code)
                || code.endsWith(".cannot_check")
                || code.startsWith("prescreen.outside_window:");
    }

    /** Every code and its line, in pipeline order. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(LINES);
    }

    /** A Markdown list of the given codes with their lines. */
    public static String markdown(Iterable<String> codes) {
        StringBuilder b = new StringBuilder();
        for (String c : codes) {
            b.append("- `").append(c).append("`: ").append(explain(c)).append('\n');
        }
        return b.toString();
    }
}
