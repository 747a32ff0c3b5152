package org.xtalflow.camel;

import java.util.Map;

/**
 * JMX view of one campaign (ObjectName {@code org.xtalflow:type=Campaign,id=<campaign id>}).
 * An MXBean so that jconsole/VisualVM show the maps as tables without xtalflow classes.
 */
public interface CampaignMXBean {
    String getCampaignId();

    String getName();

    /** Chemical systems, e.g. "Ba-Ru-O". */
    String[] getSystems();

    /** RUNNING, PAUSED, FINISHED, FINISHED_WITH_FAILURES, FAILED or CANCELLED. */
    String getStatus();

    /** Candidates per state of the state machine (GENERATED ... HARVESTED, REJECTED, FAILED). */
    Map<String, Long> getCandidatesPerState();

    /** Funnel: "stage.outcome" → count, outcome "passed" or a reason code. */
    Map<String, Long> getFunnel();

    /**
     * The funnel in pipeline order, one line per stage as report.md and {@code campaign status}
     * show it: "density: in 74, out 62, rejected 12 (density.too_low 12), pending 0, left 69%".
     */
    String[] getFunnelStages();

    String getLastError();

    /** Work items that failed on a queue (recorded in the store's events), kept for retry. */
    int getFailedWork();

    /** PGCGM's and MatterGen's figures on the stored final hull, "S.U.N.: 3 / 10 (30.0%)" one per line. */
    String[] getStatistics();

    /** Stops taking new work for this campaign (queued items wait). */
    void pause();

    void resume();

    /**
     * Cancels the campaign: generation stops at the next batch, queued work is dropped, its
     * cluster jobs are cancelled (scancel/qdel) and its open candidates end with reason
     * "cancelled". Returns what was done, one line each ("cancelled job ...", "left: ...").
     */
    String[] cancel();

    /** The generation's progress per system: "Ba-Ru-O: 40000 of 10000000 samples (last batch 39), 1234 samples/s". */
    String[] getGeneration();

    /** Puts failed work items back on their queue; returns how many. */
    int retryFailed();
}
