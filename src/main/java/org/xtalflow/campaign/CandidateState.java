package org.xtalflow.campaign;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A candidate's life (DESIGN.md): GENERATED → SCREENED (or REJECTED) → PREPARED → SUBMITTING →
 * SUBMITTED → RUNNING → FINISHED (or FAILED / TIMEOUT) → HARVESTED.
 *
 * <p>Besides the main line, a few edges exist because real clusters need them:
 * <ul>
 *   <li>SUBMITTING → PREPARED: reconciliation after a crash found no job and no remote marker, so
 *       the candidate may be submitted again;</li>
 *   <li>SUBMITTING → FAILED: the scheduler refused the job (the reason is kept);</li>
 *   <li>SUBMITTED → FINISHED/FAILED/TIMEOUT: a short job can end between two polls;</li>
 *   <li>FINISHED → FAILED: the results could not be harvested (missing or broken outputs);</li>
 *   <li>FAILED/TIMEOUT → PREPARED: an explicit retry by the user.</li>
 * </ul>
 * REJECTED and HARVESTED are terminal.
 */
public enum CandidateState {
    GENERATED, SCREENED, REJECTED, PREPARED, SUBMITTING, SUBMITTED, RUNNING,
    FINISHED, FAILED, TIMEOUT, HARVESTED;

    private static final Map<CandidateState, Set<CandidateState>> NEXT = new EnumMap<>(CandidateState.class);

    static {
        NEXT.put(GENERATED, EnumSet.of(SCREENED, REJECTED));
        NEXT.put(SCREENED, EnumSet.of(PREPARED, REJECTED));
        NEXT.put(REJECTED, EnumSet.noneOf(CandidateState.class));
        NEXT.put(PREPARED, EnumSet.of(SUBMITTING));
        NEXT.put(SUBMITTING, EnumSet.of(SUBMITTED, PREPARED, FAILED));
        NEXT.put(SUBMITTED, EnumSet.of(RUNNING, FINISHED, FAILED, TIMEOUT));
        NEXT.put(RUNNING, EnumSet.of(FINISHED, FAILED, TIMEOUT));
        NEXT.put(FINISHED, EnumSet.of(HARVESTED, FAILED));
        NEXT.put(FAILED, EnumSet.of(PREPARED));
        NEXT.put(TIMEOUT, EnumSet.of(PREPARED));
        NEXT.put(HARVESTED, EnumSet.noneOf(CandidateState.class));
    }

    /** The states this one may move to. */
    public Set<CandidateState> next() {
        return Collections.unmodifiableSet(NEXT.get(this));
    }

    public boolean canMoveTo(CandidateState to) {
        return NEXT.get(this).contains(to);
    }

    /** No transition leaves this state. */
    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** A job exists (or may exist) on a cluster for a candidate in this state. */
    public boolean isOnCluster() {
        return this == SUBMITTING || this == SUBMITTED || this == RUNNING;
    }
}
