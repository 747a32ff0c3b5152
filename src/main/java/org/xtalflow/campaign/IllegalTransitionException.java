package org.xtalflow.campaign;

/** A transition that the state machine does not allow (e.g. PREPARED → RUNNING). Nothing was written. */
public class IllegalTransitionException extends StoreException {
    private final String candidateId;
    private final CandidateState from;
    private final CandidateState to;

    public IllegalTransitionException(String candidateId, CandidateState from, CandidateState to) {
        super("candidate " + candidateId + ": illegal transition " + from + " -> " + to + " (allowed from " + from
                + ": " + from.next() + ")");
        this.candidateId = candidateId;
        this.from = from;
        this.to = to;
    }

    public String candidateId() {
        return candidateId;
    }

    public CandidateState from() {
        return from;
    }

    public CandidateState to() {
        return to;
    }
}
