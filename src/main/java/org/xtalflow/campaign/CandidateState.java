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
 *   <li>PREPARED → FAILED: the campaign was cancelled before submission (reason {@code cancelled});</li>
 *   <li>SUBMITTED → FINISHED/FAILED/TIMEOUT: a short job can end between two polls;</li>
 *   <li>FINISHED → FAILED: the results could not be harvested (missing or broken outputs);</li>
 *   <li>FAILED/TIMEOUT → PREPARED: an explicit retry by the user.</li>
 * </ul>
 * REJECTED and HARVESTED are terminal.
 */
public enum CandidateState {
    GENERATED,
    SCREENED,
    REJECTED,
    PREPARED,
    SUBMITTING,
    SUBMITTED,
    RUNNING,
    FINISHED,
    FAILED,
    TIMEOUT,
    HARVESTED;

    private static final Map<CandidateState, Set<CandidateState>> NEXT = new EnumMap<>(CandidateState.class);

    static {
        NEXT.put(GENERATED, EnumSet.of(SCREENED, REJECTED));
        NEXT.put(SCREENED, EnumSet.of(PREPARED, REJECTED));
        NEXT.put(REJECTED, EnumSet.noneOf(CandidateState.class));
        NEXT.put(PREPARED, EnumSet.of(SUBMITTING, FAILED));
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
        return ON_CLUSTER.contains(this);
    }

    // Named groups of states, used everywhere instead of hand-typed lists. Each is unmodifiable.

    /** A job exists or may exist on the cluster (counts against max_queued_jobs): SUBMITTING, SUBMITTED, RUNNING. */
    public static final Set<CandidateState> ON_CLUSTER = group(SUBMITTING, SUBMITTED, RUNNING);
    /** Waiting in the scheduler's queue (the JMX "jobs queued"): SUBMITTING, SUBMITTED. */
    public static final Set<CandidateState> QUEUED = group(SUBMITTING, SUBMITTED);
    /** A job the scheduler is asked about at each poll: SUBMITTED, RUNNING. */
    public static final Set<CandidateState> TRACKED = group(SUBMITTED, RUNNING);
    /** The job ended; its outputs can be fetched: FINISHED, FAILED, TIMEOUT. */
    public static final Set<CandidateState> JOB_ENDED = group(FINISHED, FAILED, TIMEOUT);
    /**
     * Still on its way through a cluster campaign (the cluster side has work to do for it):
     * PREPARED (to submit) up to FINISHED (to harvest).
     */
    public static final Set<CandidateState> ON_CLUSTER_ROAD = group(PREPARED, SUBMITTING, SUBMITTED, RUNNING, FINISHED);
    /** At the end of its road, nothing will happen without an operator: REJECTED, HARVESTED, FAILED, TIMEOUT. */
    public static final Set<CandidateState> ENDED = group(REJECTED, HARVESTED, FAILED, TIMEOUT);
    /** An operator's retry may put it back to PREPARED: FAILED, TIMEOUT. */
    public static final Set<CandidateState> RETRYABLE = group(FAILED, TIMEOUT);
    /** Shown by {@code xtalflow jobs}: submitted at some point and not yet harvested. */
    public static final Set<CandidateState> WITH_JOB = group(SUBMITTING, SUBMITTED, RUNNING, FINISHED, FAILED, TIMEOUT);

    private static Set<CandidateState> group(CandidateState first, CandidateState... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }
}
