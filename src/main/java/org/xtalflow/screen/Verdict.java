package org.xtalflow.screen;

import org.xtalflow.crystal.Structure;

/**
 * The outcome of screening one candidate. {@code structure} is the merged structure: always set
 * for survivors, set for rejected ones only when the pipeline keeps rejects. {@code filter} and
 * {@code reason} (a stable code) and {@code detail} are null for survivors.
 */
public record Verdict(
        String id, boolean passed, String filter, String reason, String detail, int sitesMerged, Structure structure) {

    public static Verdict pass(String id, int sitesMerged, Structure s) {
        return new Verdict(id, true, null, null, null, sitesMerged, s);
    }

    public static Verdict reject(String id, String filter, Rejection r, int sitesMerged, Structure s) {
        return new Verdict(id, false, filter, r.code(), r.detail(), sitesMerged, s);
    }

    @Override
    public String toString() {
        return passed ? id + ": passed" : id + ": rejected by " + filter + " (" + reason + "): " + detail;
    }
}
