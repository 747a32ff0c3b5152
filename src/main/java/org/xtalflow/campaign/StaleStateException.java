package org.xtalflow.campaign;

/**
 * The compare-and-set of a transition failed: the candidate was no longer in the expected state
 * (another worker moved it first, or it does not exist). Nothing was written.
 */
public class StaleStateException extends StoreException {
    private final String candidateId;
    private final CandidateState expected;
    private final CandidateState actual;

    public StaleStateException(String candidateId, CandidateState expected, CandidateState actual) {
        super("candidate " + candidateId + ": expected state " + expected + " but it is "
                + (actual == null ? "absent" : actual.toString()));
        this.candidateId = candidateId;
        this.expected = expected;
        this.actual = actual;
    }

    public String candidateId() {
        return candidateId;
    }

    public CandidateState expected() {
        return expected;
    }

    /** The state found in the store, or null when the candidate does not exist. */
    public CandidateState actual() {
        return actual;
    }
}
