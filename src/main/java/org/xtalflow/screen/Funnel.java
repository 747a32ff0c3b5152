package org.xtalflow.screen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What entered the screening, what passed each stage and why the rest did not. Counters are
 * AtomicLongs (thread-safe, ready to be published as JMX attributes by the application); the
 * invariant is received = passed + rejected + errors, and a stage's "in" is the previous stage's
 * "passed". Reason codes form a small fixed vocabulary, so memory stays flat however many
 * candidates run.
 */
public final class Funnel {

    /** Counters of one filter stage. */
    public static final class Stage {
        private final String name;
        private final AtomicLong in = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();
        private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();

        Stage(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long in() {
            return in.get();
        }

        public long rejected() {
            return rejected.get();
        }

        public long passed() {
            return in.get() - rejected.get();
        }

        public Map<String, Long> reasons() {
            Map<String, Long> m = new TreeMap<>();
            reasons.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }
    }

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong mergedCandidates = new AtomicLong();
    private final AtomicLong sitesRemoved = new AtomicLong();
    private final Map<String, AtomicLong> errorReasons = new ConcurrentHashMap<>();
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, String> notes = new ConcurrentHashMap<>();

    public Funnel(List<String> stageNames) {
        for (String s : stageNames) {
            stages.put(s, new Stage(s));
        }
    }

    void received() {
        received.incrementAndGet();
    }

    void merged(int removed) {
        if (removed > 0) {
            mergedCandidates.incrementAndGet();
            sitesRemoved.addAndGet(removed);
        }
    }

    void entered(String stage) {
        stages.get(stage).in.incrementAndGet();
    }

    void rejected(String stage, String reason) {
        Stage s = stages.get(stage);
        s.rejected.incrementAndGet();
        s.reasons.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    void passed() {
        passed.incrementAndGet();
    }

    /** A candidate that could not be screened at all (unreadable file, element without radius, ...). */
    public void error(String reason) {
        received.incrementAndGet();
        failed(reason);
    }

    /** An already received candidate that could not be screened. */
    void failed(String reason) {
        errors.incrementAndGet();
        errorReasons.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    /** A free-text note carried into the JSON (e.g. whether spglib ran). */
    public void note(String key, String value) {
        notes.put(key, value);
    }

    public long getReceived() {
        return received.get();
    }

    public long getPassed() {
        return passed.get();
    }

    public long getErrors() {
        return errors.get();
    }

    public long getMergedCandidates() {
        return mergedCandidates.get();
    }

    public long getSitesRemovedByMerge() {
        return sitesRemoved.get();
    }

    public long getRejected() {
        long r = 0;
        for (Stage s : stages.values()) {
            r += s.rejected();
        }
        return r;
    }

    public Map<String, Long> getRejectedByStage() {
        Map<String, Long> m = new LinkedHashMap<>();
        stages.forEach((k, v) -> m.put(k, v.rejected()));
        return m;
    }

    /** Rejections by reason code over all stages. */
    public Map<String, Long> getRejectedByReason() {
        Map<String, Long> m = new TreeMap<>();
        for (Stage s : stages.values()) {
            s.reasons().forEach((k, v) -> m.merge(k, v, Long::sum));
        }
        return m;
    }

    public Map<String, Long> getErrorsByReason() {
        Map<String, Long> m = new TreeMap<>();
        errorReasons.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public List<Stage> stages() {
        return List.copyOf(stages.values());
    }

    /** The JSON document (funnel.json). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", getReceived());
        m.put("passed", getPassed());
        m.put("rejected", getRejected());
        m.put("errors", getErrors());
        m.put("errors_by_reason", getErrorsByReason());
        Map<String, Object> merge = new LinkedHashMap<>();
        merge.put("candidates_merged", getMergedCandidates());
        merge.put("sites_removed", getSitesRemovedByMerge());
        m.put("merge", merge);
        List<Map<String, Object>> st = new java.util.ArrayList<>();
        for (Stage s : stages.values()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", s.name());
            o.put("in", s.in());
            o.put("passed", s.passed());
            o.put("rejected", s.rejected());
            o.put("reasons", s.reasons());
            st.add(o);
        }
        m.put("stages", st);
        m.put("rejected_by_reason", getRejectedByReason());
        m.put("notes", new TreeMap<>(notes));
        return m;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n");
    }
}
