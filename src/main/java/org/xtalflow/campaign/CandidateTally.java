package org.xtalflow.campaign;

/**
 * A group of a campaign's candidates that the funnel cannot tell apart, counted by the store
 * ({@link CandidateStore#tallies}): so a funnel of 10^6 candidates costs one row per group, not one
 * object per candidate with its CIF.
 *
 * @param reasonCode   the stored reason up to its first ':' (trimmed), the whole reason of a
 *                     cancel ("cancelled: was SCREENED", its state word counts), or null when none
 * @param hasJob       whether the candidates carry a scheduler job id
 * @param eAboveHullEv the stored E_above_hull (eV/atom) of HARVESTED candidates, null for the others
 * @param count        how many candidates share these values
 */
public record CandidateTally(
        CandidateState state, String reasonCode, String formula, boolean hasJob, Double eAboveHullEv, long count) {

    /** One candidate as a tally of one, keyed the way the store groups it. */
    public static CandidateTally of(Candidate c) {
        return new CandidateTally(
                c.state(),
                code(c.reason()),
                c.formula(),
                c.jobId() != null,
                c.state() == CandidateState.HARVESTED ? c.eAboveHullEv() : null,
                1);
    }

    /** The grouping key of a stored reason, as {@link CandidateStore#tallies} computes it in SQL. */
    static String code(String reason) {
        if (reason == null) {
            return null;
        }
        if (reason.startsWith(CampaignCancel.REASON + ":")) {
            return clip(reason, CandidateStore.CANCEL_KEY_CHARS);
        }
        int colon = reason.indexOf(':');
        return clip(colon < 0 ? reason : reason.substring(0, colon), CandidateStore.REASON_KEY_CHARS)
                .trim();
    }

    private static String clip(String s, int chars) {
        return s.length() > chars ? s.substring(0, chars) : s;
    }
}
