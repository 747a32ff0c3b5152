package org.xtalflow.camel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Live state of one campaign inside this JVM: counters per candidate state and funnel reason,
 * work still outstanding, pause flag, failed and parked work items. This is the JMX view and
 * the completion tracker; the campaign store stays the record that survives restarts.
 */
public final class CampaignRun implements CampaignMXBean {

    /** A failed work item and the queue it came from, kept for "retry failed". */
    public record Failed(String endpoint, WorkItem item, String reason) {}

    private final String id;
    private final CampaignSpec spec;
    private final Instant started = Instant.now();
    private final Map<String, AtomicLong> perState = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> funnel = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicReference<String> status = new AtomicReference<>("RUNNING");
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicReference<String> lastError = new AtomicReference<>("");
    private final List<Failed> failed = new ArrayList<>();
    private final List<Failed> parked = new ArrayList<>();
    private final Consumer<Failed> requeue;

    CampaignRun(String id, CampaignSpec spec, Consumer<Failed> requeue) {
        this.id = id;
        this.spec = spec;
        this.requeue = requeue;
    }

    public CampaignSpec spec() { return spec; }
    public Instant started() { return started; }

    void count(String state, long n) {
        perState.computeIfAbsent(state, k -> new AtomicLong()).addAndGet(n);
    }

    /** Replaces the funnel with the screening stage's cumulative counts. */
    synchronized void setFunnel(Map<String, Long> counts) {
        funnel.clear();
        counts.forEach((k, v) -> funnel.put(k, new AtomicLong(v)));
    }

    int addOutstanding(int delta) {
        return outstanding.addAndGet(delta);
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

    @Override
    public Map<String, Long> getCandidatesPerState() {
        Map<String, Long> m = new TreeMap<>();
        perState.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @Override
    public Map<String, Long> getFunnel() {
        Map<String, Long> m = new TreeMap<>();
        funnel.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @Override
    public void pause() {
        status.compareAndSet("RUNNING", "PAUSED");
    }

    @Override
    public void resume() {
        List<Failed> again;
        synchronized (this) {
            if (!status.compareAndSet("PAUSED", "RUNNING")) {
                return;
            }
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
            count("FAILED", -1);
            addOutstanding(1);
            if (status.get().startsWith("FINISHED")) {
                setStatus("RUNNING");
            }
            requeue.accept(f);
        }
        return again.size();
    }

    public synchronized List<Failed> failures() {
        return List.copyOf(failed);
    }
}
