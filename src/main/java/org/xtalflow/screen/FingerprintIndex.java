package org.xtalflow.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fingerprints grouped by a prototype key; a look-up compares only within the key's bucket.
 * Thread-safe. Memory grows with the number of entries (about 1 KB each for a ternary), i.e.
 * with unique survivors, not with candidates screened.
 */
final class FingerprintIndex {

    record Entry(String id, Fingerprint fingerprint) {}

    private final Map<String, List<Entry>> buckets = new ConcurrentHashMap<>();
    private final double tolerance;

    FingerprintIndex(double tolerance) {
        this.tolerance = tolerance;
    }

    /** The first entry under {@code key} within tolerance of {@code fp}, or null. */
    Entry find(String key, Fingerprint fp) {
        List<Entry> bucket = buckets.get(key);
        if (bucket == null) {
            return null;
        }
        synchronized (bucket) {
            for (Entry e : bucket) {
                if (e.fingerprint().distance(fp) <= tolerance) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Adds unless a match exists; returns the match, or null when added. Atomic per key. */
    Entry addIfAbsent(String key, String id, Fingerprint fp) {
        List<Entry> bucket = buckets.computeIfAbsent(key, k -> new ArrayList<>(1));
        synchronized (bucket) {
            for (Entry e : bucket) {
                if (e.fingerprint().distance(fp) <= tolerance) {
                    return e;
                }
            }
            bucket.add(new Entry(id, fp));
            return null;
        }
    }

    /** Removes the entry {@code id} put under {@code key} (a reservation whose candidate failed later). */
    void remove(String key, String id) {
        List<Entry> bucket = buckets.get(key);
        if (bucket != null) {
            synchronized (bucket) {
                bucket.removeIf(e -> e.id().equals(id));
            }
        }
    }

    int size() {
        int s = 0;
        for (List<Entry> b : buckets.values()) {
            synchronized (b) {
                s += b.size();
            }
        }
        return s;
    }

    double tolerance() {
        return tolerance;
    }
}
