package org.xtalflow.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One campaign inside this JVM: candidate and funnel counts come from the store (the truth),
 * plus what only the running application knows: work outstanding on the queues, the pause flag,
 * work items that failed (for retry) or wait while paused. The camel package shows it over JMX.
 */
public final class CampaignRun {

    /**
     * A failed work item, kept for "retry failed".
     *
     * @param stage the stage it failed in (where a retry sends it)
     * @param queue the queue it came from as the route named it, e.g. "seda:generate" (for people)
     */
    public record Failed(Stage stage, String queue, WorkItem item, String reason) {}

    private final String id;
    private final CampaignSpec spec;
    private final Instant started = Instant.now();
    private final CandidateStore store;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicReference<CampaignStatus> status = new AtomicReference<>(CampaignStatus.ACTIVE);
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicReference<String> lastError = new AtomicReference<>("");
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final List<Failed> failed = new ArrayList<>();
    private final List<Handoff> parked = new ArrayList<>();
    private final Consumer<Handoff> requeue;
    private final Map<String, GenerationProgress> generation = new java.util.concurrent.ConcurrentSkipListMap<>();

    private final java.util.function.Function<String, CampaignCancel.Outcome> canceller;

    CampaignRun(
            String id,
            CampaignSpec spec,
            CandidateStore store,
            Consumer<Handoff> requeue,
            java.util.function.Function<String, CampaignCancel.Outcome> canceller) {
        this.id = id;
        this.store = store;
        this.spec = spec;
        this.requeue = requeue;
        this.canceller = canceller;
    }

    /**
     * Cancels the campaign ({@link CampaignService#cancel}): no more generation, screening or
     * submission, its cluster jobs cancelled, its open candidates ended with reason "cancelled".
     * Returns what was done; a cancel whose jobs could not all be cancelled yet says which are left.
     */
    public CampaignCancel.Outcome cancel() {
        return canceller.apply(id);
    }

    public CampaignSpec spec() {
        return spec;
    }
    /** The campaign as the store has it now (the report's, the funnel's and the status page's source). */
    public CampaignSummary summary() {
        return CampaignSummary.fromStore(store, id);
    }

    public Instant started() {
        return started;
    }

    int addOutstanding(int delta) {
        return outstanding.addAndGet(delta);
    }

    /** True the first time a candidate is marked ended. */
    boolean markEnded(String candidateId) {
        return ended.add(candidateId);
    }

    boolean unmarkEnded(String candidateId) {
        return ended.remove(candidateId);
    }

    int outstanding() {
        return outstanding.get();
    }

    /** Sets the run's status in this process only (the store is told by the caller); a cancel is final. */
    public void setStatus(CampaignStatus s) {
        if (status.get() == CampaignStatus.CANCELLED) {
            return;
        }
        status.set(s);
        if (!s.isFinished()) {
            reported.set(false);
        }
    }

    /** True once the campaign finished and its report was written (or failed to be). */
    public boolean isReported() {
        return reported.get();
    }

    void markReported() {
        reported.set(true);
    }

    synchronized void recordFailure(Failed f) {
        failed.add(f);
        lastError.set(f.item().label() + ": " + f.reason());
    }

    void recordError(String message) {
        lastError.set(message);
    }

    /**
     * Holds the item while paused, drops it when the campaign is cancelled; true in both cases
     * (the caller must not process it). Each stage asks before its work, and the generate stage
     * before each batch, so a pause or cancel takes effect at the next item or batch.
     */
    public synchronized boolean parkIfPaused(Stage stage, WorkItem item) {
        if (status.get() == CampaignStatus.CANCELLED) {
            return true;
        }
        if (status.get() != CampaignStatus.PAUSED) {
            return false;
        }
        parked.add(new Handoff(stage, item));
        return true;
    }

    /**
     * Marks the run cancelled in this process (the store is told first, by {@link CampaignCancel}):
     * parked work is dropped, and every stage drops this campaign's items from now on.
     */
    synchronized void cancelLocal() {
        status.set(CampaignStatus.CANCELLED);
        parked.clear();
        failed.clear();
    }

    /** A batch of {@code system} was stored: the generation's progress (JMX attribute Generation). */
    void generated(String system, GenerationBatch batch, int samplesPerSystem) {
        generation.compute(system, (k, p) -> {
            GenerationProgress prior = p != null ? p : GenerationProgress.start(system, samplesPerSystem);
            return prior.after(batch, System.nanoTime());
        });
    }

    /**
     * The generation's progress per system, one line each as {@link GenerationProgress#line()}:
     * "Ba-Ru-O: 40000 of 10000000 samples (40 of 10000 batches), 1234 samples/s".
     */
    public String[] getGeneration() {
        return generation.values().stream().map(GenerationProgress::line).toArray(String[]::new);
    }

    public String getCampaignId() {
        return id;
    }

    public String getName() {
        return spec.name();
    }

    public String[] getSystems() {
        return spec.systemLabels().toArray(String[]::new);
    }

    public CampaignStatus status() {
        return status.get();
    }
    /** {@link CampaignStatus#label}: RUNNING, PAUSED, FINISHED, FINISHED_WITH_FAILURES, FAILED or CANCELLED. */
    public String statusLabel() {
        return status.get().label(!failures().isEmpty());
    }

    public String getLastError() {
        return lastError.get();
    }

    /** The campaign's statistics on its stored final hull, one figure per line (as {@code campaign status} prints them). */
    public String[] getStatistics() {
        return CampaignFigures.fromStore(store, id, spec.systems())
                .summaryLines()
                .toArray(String[]::new);
    }

    /** From the store (the truth), states with at least one candidate. */
    public Map<String, Long> getCandidatesPerState() {
        return candidatesPerState(store, id);
    }

    /** From the store: "stage.outcome" → count (outcome "passed" or a reason code). */
    public Map<String, Long> getFunnel() {
        return funnel(store, id);
    }

    static Map<String, Long> candidatesPerState(CandidateStore store, String campaignId) {
        Map<String, Long> m = new TreeMap<>();
        store.countByState(campaignId).forEach((k, v) -> {
            if (v > 0) {
                m.put(k.name(), v);
            }
        });
        return m;
    }

    static Map<String, Long> funnel(CandidateStore store, String campaignId) {
        Map<String, Long> m = new TreeMap<>();
        store.funnel(campaignId).forEach((stage, outcomes) -> outcomes.forEach((o, n) -> m.put(stage + "." + o, n)));
        return m;
    }

    public int getFailedWork() {
        return failures().size();
    }

    /** Marks paused without touching the store (resuming a campaign stored as PAUSED). */
    void pauseLocal() {
        status.set(CampaignStatus.PAUSED);
    }

    /** Stops taking new work (queued items are parked until {@link #resume}). */
    public void pause() {
        if (status.compareAndSet(CampaignStatus.ACTIVE, CampaignStatus.PAUSED)) {
            store.setCampaignStatus(id, CampaignStatus.PAUSED, "paused by operator");
        }
    }

    public void resume() {
        List<Handoff> again;
        synchronized (this) {
            if (!status.compareAndSet(CampaignStatus.PAUSED, CampaignStatus.ACTIVE)) {
                return;
            }
            store.setCampaignStatus(id, CampaignStatus.ACTIVE, "resumed by operator");
            again = new ArrayList<>(parked);
            parked.clear();
        }
        again.forEach(requeue);
    }

    /** Puts failed work items back on their stage's queue; returns how many (none for a cancelled campaign). */
    public int retryFailed() {
        List<Failed> again;
        synchronized (this) {
            if (status.get() == CampaignStatus.CANCELLED) {
                return 0;
            }
            again = new ArrayList<>(failed);
            failed.clear();
        }
        if (!again.isEmpty()) {
            store.clearFailures(id);
        }
        for (Failed f : again) {
            if (f.item().candidateId() != null) {
                unmarkEnded(f.item().candidateId());
            }
            addOutstanding(1);
            if (status.get().isFinished()) {
                setStatus(CampaignStatus.ACTIVE);
                store.setCampaignStatus(id, CampaignStatus.ACTIVE, "retrying failed work");
            }
            requeue.accept(new Handoff(f.stage(), f.item()));
        }
        return again.size();
    }

    public synchronized List<Failed> failures() {
        return List.copyOf(failed);
    }
}
