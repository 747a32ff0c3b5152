package org.xtalflow.dft;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.xtalflow.thermo.ComputedEntry;

/**
 * Which engine and settings made an entry: {@code parameters.engine} and {@code
 * parameters.settings_hash} (GPAW writes both); an entry without them is a VASP entry with MP's
 * settings (MP's own entries and xtalflow's VASP runs), whose energies MP2020 puts on one scale.
 *
 * @param engine       "vasp" or "gpaw"
 * @param settingsHash the input set's hash of its energy-scale settings ({@link #VASP_MP_HASH} for VASP)
 */
public record EntrySettings(String engine, String settingsHash) {

    /** VASP entries with MP-compatible settings: one scale through the MP2020 correction. */
    public static final String VASP_MP_HASH = "mp-compatible";

    public static EntrySettings of(ComputedEntry e) {
        String engine = e.parameters().path("engine").asText("");
        if (engine.isEmpty()) {
            return new EntrySettings(Engine.VASP.configName(), VASP_MP_HASH);
        }
        return new EntrySettings(engine, e.parameters().path("settings_hash").asText(""));
    }

    /** "gpaw/3f2a…" for messages. */
    public String label() {
        boolean longHex = settingsHash.matches("[0-9a-f]{13,}");
        return engine + "/" + (longHex ? settingsHash.substring(0, 12) : settingsHash);
    }

    /** A hull over entries of different engines or settings: refused, with what was mixed. */
    public static final class MixedHullException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MixedHullException(String message) {
            super(message);
        }
    }

    /**
     * The one settings the entries share.
     *
     * @param what names the hull in the message (e.g. "campaign 20260101-ab12")
     * @throws MixedHullException naming each engine/settings and how many entries (first id) have it
     */
    public static EntrySettings requireOne(Collection<ComputedEntry> entries, String what) {
        Map<String, EntrySettings> byLabel = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, String> firstId = new TreeMap<>();
        for (ComputedEntry e : entries) {
            EntrySettings s = of(e);
            String key = s.engine + "|" + s.settingsHash;
            byLabel.putIfAbsent(key, s);
            counts.merge(key, 1, Integer::sum);
            firstId.putIfAbsent(key, String.valueOf(e.entryId()));
        }
        if (byLabel.size() > 1) {
            StringBuilder sb = new StringBuilder(what + ": hull refused, it would mix engines or settings:");
            byLabel.forEach((k, s) -> sb.append(' ')
                    .append(s.label())
                    .append(" (")
                    .append(counts.get(k))
                    .append(" entries, e.g. ")
                    .append(firstId.get(k))
                    .append(')'));
            throw new MixedHullException(
                    sb.append("; energies of different engines or settings are on different scales")
                            .toString());
        }
        return byLabel.isEmpty() ? null : byLabel.values().iterator().next();
    }
}
