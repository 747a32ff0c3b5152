package org.xtalflow.camel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.CandidateStore;

/**
 * One campaign inside this JVM: the JMX view (candidate and funnel counts come from the store,
 * the truth) plus what only the running application knows: work outstanding on the queues, the
 * pause flag, work items that failed (for retry) or wait while paused.
 */
public final class CampaignRun implements CampaignMXBean {

    /** A failed work item and the queue it came from, kept for "retry failed". */
    public record Failed(String endpoint, WorkItem item, String reason) {}

    private final String id;
    private final CampaignSpec spec;
    private final Instant started = Instant.now();
    private final CandidateStore store;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicReference<String> status = new AtomicReference<>("RUNNING");
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicReference<String> lastError = new AtomicReference<>("");
    private final java.util.Set<String> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Failed> failed = new ArrayList<>();
    private final List<Failed> parked = new ArrayList<>();
    private final Consumer<Failed> requeue;

    CampaignRun(String id, CampaignSpec spec, CandidateStore store, Consumer<Failed> requeue) {
        this.id = id;
        this.store = store;
        this.spec = spec;
        this.requeue = requeue;
    }

    public CampaignSpec spec() { return spec; }
    public Instant started() { return started; }


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

    void setStatus(String s) {
        status.set(s);
        if (!s.startsWith("FINISHED")) {
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

    /** Holds the item while paused; true when parked (caller must not process it). */
    synchronized boolean parkIfPaused(String endpoint, WorkItem item) {
        if (!"PAUSED".equals(status.get())) {
            return false;
        }
        parked.add(new Failed(endpoint, item, "paused"));
        return true;
    }

    @Override public String getCampaignId() { return id; }
    @Override public String getName() { return spec.name(); }
    @Override public String[] getSystems() { return spec.systemLabels().toArray(String[]::new); }
    @Override public String getStatus() { return status.get(); }
    @Override public String getLastError() { return lastError.get(); }

    /** From the store (the truth), states with at least one candidate. */
    @Override
    public Map<String, Long> getCandidatesPerState() {
        Map<String, Long> m = new TreeMap<>();
        store.countByState(id).forEach((k, v) -> {
            if (v > 0) {
                m.put(k.name(), v);
            }
        });
        return m;
    }

    /** From the store: "stage.outcome" → count (outcome "passed" or a reason code). */
    @Override
    public Map<String, Long> getFunnel() {
        Map<String, Long> m = new TreeMap<>();
        store.funnel(id).forEach((stage, outcomes) -> outcomes.forEach((o, n) -> m.put(stage + "." + o, n)));
        return m;
    }

    @Override
    public int getFailedWork() {
        return failures().size();
    }

    /** Marks paused without touching the store (resuming a campaign stored as PAUSED). */
    void pauseLocal() {
        status.set("PAUSED");
    }

    @Override
    public void pause() {
        if (status.compareAndSet("RUNNING", "PAUSED")) {
            store.setCampaignStatus(id, CampaignStatus.PAUSED, "paused by operator");
        }
    }

    @Override
    public void resume() {
        List<Failed> again;
        synchronized (this) {
            if (!status.compareAndSet("PAUSED", "RUNNING")) {
                return;
            }
            store.setCampaignStatus(id, CampaignStatus.ACTIVE, "resumed by operator");
            again = new ArrayList<>(parked);
            parked.clear();
        }
        again.forEach(requeue);
    }

    @Override
    public int retryFailed() {
        List<Failed> again;
        synchronized (this) {
            again = new ArrayList<>(failed);
            failed.clear();
        }
        for (Failed f : again) {
            if (f.item().candidateId() != null) {
                unmarkEnded(f.item().candidateId());
            }
            addOutstanding(1);
            if (status.get().startsWith("FINISHED")) {
                setStatus("RUNNING");
                store.setCampaignStatus(id, CampaignStatus.ACTIVE, "retrying failed work");
            }
            requeue.accept(f);
        }
        return again.size();
    }

    public synchronized List<Failed> failures() {
        return List.copyOf(failed);
    }
}
