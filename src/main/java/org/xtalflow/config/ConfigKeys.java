package org.xtalflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The one unknown-key check every section of conf/xtalflow.yaml uses: a typo must not silently fall
 * back to a default. The message names the file, the full dotted key and the known keys, e.g.
 * {@code conf/xtalflow.yaml: unknown key 'thermo.refernces' (known: correction, references)}.
 */
public final class ConfigKeys {

    private ConfigKeys() {}

    /**
     * Refuses a key of the mapping {@code node} that is not in {@code known}. A missing or null node
     * passes (the section is optional); a node that is not a mapping is refused.
     *
     * @param file  the configuration file, as the user named it (for the message)
     * @param where the dotted path of {@code node} ("thermo", "clusters.hpc1.ssh")
     */
    public static void requireKnown(Object file, String where, JsonNode node, Collection<String> known) {
        requireKnown(file, where, node, known, ConfigurationException::new);
    }

    /** As {@link #requireKnown(Object, String, JsonNode, Collection)}, throwing a section's own subtype. */
    public static void requireKnown(
            Object file,
            String where,
            JsonNode node,
            Collection<String> known,
            Function<String, ? extends ConfigurationException> error) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw error.apply(file + ": '" + where + "' must be a mapping (keys: " + String.join(", ", known) + ")");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw error.apply(unknownKey(file, where.isEmpty() ? k : where + "." + k, known));
            }
        }
    }

    /** The message for an unknown key at the full dotted path {@code key}. */
    public static String unknownKey(Object file, String key, Collection<String> known) {
        return file + ": unknown key '" + key + "' (known: " + String.join(", ", List.copyOf(known)) + ")";
    }
}
