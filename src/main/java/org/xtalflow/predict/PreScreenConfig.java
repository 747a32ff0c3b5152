package org.xtalflow.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.config.ConfigurationException;

/**
 * Settings of the ML pre-screen (the {@code prescreen:} section of the configuration, and of a
 * campaign spec): thresholds on the predicted energy above the hull and formation energy
 * (eV/atom), optional windows on any predicted property, and how many candidates per chemical
 * system go on to DFT. Every key is optional.
 *
 * <pre>
 * prescreen:
 *   enabled: true
 *   max_e_above_hull: 0.25        # eV/atom, predicted, against the predicted hull of known phases
 *   max_formation_energy: 0.0     # eV/atom; omit for no limit
 *   windows:
 *     band_gap: [1.0, 3.0]        # eV, inclusive
 *     formation_energy: {target: -1.5, within: 0.2}   # within 20% of a target (ICSG3D)
 *   top_n_per_system: 20          # omit for all
 * </pre>
 */
public final class PreScreenConfig {

    /** The paper's metastability line (PGCGM: E_hull &lt; 0.25 eV/atom), generous for CGCNN's error. */
    public static final double DEFAULT_MAX_E_ABOVE_HULL = 0.25;

    /** An inclusive range of a predicted property, in its unit. */
    public record Window(double min, double max) {
        public boolean contains(double v) {
            return v >= min && v <= max;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "[%s, %s]", min, max);
        }
    }

    public boolean enabled = true;
    public double maxEAboveHull = DEFAULT_MAX_E_ABOVE_HULL;
    /** NaN: no limit. */
    public double maxFormationEnergy = Double.NaN;

    public final Map<CgcnnProperty, Window> windows = new LinkedHashMap<>();
    /** 0: no limit. */
    public int topNPerSystem = 0;

    /** The keys of the section. */
    public static final List<String> KEYS =
            List.of("enabled", "max_e_above_hull", "max_formation_energy", "windows", "top_n_per_system");

    public static PreScreenConfig defaults() {
        return new PreScreenConfig();
    }

    /** The models the pre-screen needs: formation energy (for the hull) and every windowed property. */
    public Set<CgcnnProperty> models() {
        EnumSet<CgcnnProperty> m = EnumSet.of(CgcnnProperty.FORMATION_ENERGY);
        m.addAll(windows.keySet());
        return m;
    }

    /**
     * Reads a {@code prescreen:} section over these settings (a campaign spec's section over the
     * configuration's).
     *
     * @param file the file it comes from (for messages)
     * @param where the section's dotted path, e.g. "prescreen"
     * @throws ConfigurationException naming the file and key, for unknown keys and bad values
     */
    public PreScreenConfig read(JsonNode s, Object file, String where) {
        try {
            return readSection(s, file, where);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(file + ": " + e.getMessage());
        }
    }

    private PreScreenConfig readSection(JsonNode s, Object file, String where) {
        if (s == null || s.isMissingNode() || s.isNull()) {
            return this;
        }
        if (s.isBoolean()) {
            enabled = s.asBoolean();
            return this;
        }
        if (!s.isObject()) {
            throw bad(where, "must be a mapping or true/false");
        }
        ConfigKeys.requireKnown(file, where, s, KEYS);
        if (s.has("enabled")) {
            if (!s.get("enabled").isBoolean()) {
                throw bad(where + ".enabled", "must be true or false");
            }
            enabled = s.get("enabled").asBoolean();
        }
        if (s.has("max_e_above_hull")) {
            maxEAboveHull = number(s.get("max_e_above_hull"), where + ".max_e_above_hull");
        }
        if (s.has("max_formation_energy")) {
            maxFormationEnergy = s.get("max_formation_energy").isNull()
                    ? Double.NaN
                    : number(s.get("max_formation_energy"), where + ".max_formation_energy");
        }
        if (s.has("top_n_per_system")) {
            JsonNode n = s.get("top_n_per_system");
            if (n.isNull()) {
                topNPerSystem = 0;
            } else if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                throw bad(where + ".top_n_per_system", "must be a whole number >= 1, not " + n);
            } else {
                topNPerSystem = n.asInt();
            }
        }
        JsonNode w = s.path("windows");
        if (!w.isMissingNode() && !w.isNull()) {
            if (!w.isObject()) {
                throw bad(where + ".windows", "must map property names to [min, max] or {target, within}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = w.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = where + ".windows." + e.getKey();
                CgcnnProperty p;
                try {
                    p = CgcnnProperty.byName(e.getKey());
                } catch (IllegalArgumentException x) {
                    throw bad(at, x.getMessage());
                }
                windows.put(p, window(e.getValue(), at));
            }
        }
        return this;
    }

    private static Window window(JsonNode v, String at) {
        if (v.isArray()) {
            if (v.size() != 2) {
                throw bad(at, "a window is [min, max], not " + v);
            }
            double lo = number(v.get(0), at + "[0]");
            double hi = number(v.get(1), at + "[1]");
            if (lo > hi) {
                throw bad(at, "min " + lo + " is above max " + hi);
            }
            return new Window(lo, hi);
        }
        if (v.isObject()) {
            List<String> names = new ArrayList<>();
            v.fieldNames().forEachRemaining(names::add);
            if (!Set.of("target", "within").containsAll(names) || !v.has("target") || !v.has("within")) {
                throw bad(at, "a relative window is {target: value, within: fraction}, not " + v);
            }
            double t = number(v.get("target"), at + ".target");
            double f = number(v.get("within"), at + ".within");
            if (f < 0) {
                throw bad(at + ".within", "must be >= 0");
            }
            double half = Math.abs(t) * f;
            return new Window(t - half, t + half);
        }
        throw bad(at, "a window is [min, max] or {target, within}, not " + v);
    }

    private static double number(JsonNode n, String at) {
        if (n == null || !n.isNumber()) {
            throw bad(at, "must be a number, not " + n);
        }
        return n.asDouble();
    }

    private static IllegalArgumentException bad(String at, String problem) {
        return new IllegalArgumentException("'" + at + "' " + problem);
    }
}
