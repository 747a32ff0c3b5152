package org.xtalflow.vasp.outputs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed, immutable view of the {@code <incar>} or {@code <parameters>} block of a vasprun.xml.
 * Values keep the type VASP wrote: {@code logical} → Boolean, {@code int} → Integer, untyped →
 * Double, {@code string} → String; {@code <v>} vectors are Lists of those. Overflowed numbers
 * ({@code *****}) are NaN for reals and null for integers (pymatgen gives None for RANDOM_SEED).
 */
public final class VasprunParameters {
    private final Map<String, Object> values;

    VasprunParameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static VasprunParameters empty() {
        return new VasprunParameters(Map.of());
    }

    /** All values by tag name, in file order. */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean contains(String name) {
        return values.containsKey(name);
    }

    public Object get(String name) {
        return values.get(name);
    }

    /** An integer tag, or {@code dflt} when absent or not a number. */
    public int getInt(String name, int dflt) {
        Object v = values.get(name);
        return v instanceof Number n && !(v instanceof Double d && d.isNaN()) ? n.intValue() : dflt;
    }

    /** A real tag, or {@code dflt} when absent or not a number. */
    public double getDouble(String name, double dflt) {
        Object v = values.get(name);
        return v instanceof Number n ? n.doubleValue() : dflt;
    }

    /** A logical tag, or {@code dflt} when absent. */
    public boolean getBoolean(String name, boolean dflt) {
        Object v = values.get(name);
        return v == null ? dflt : truthy(v);
    }

    /** A string tag (stripped), or {@code dflt} when absent. */
    public String getString(String name, String dflt) {
        Object v = values.get(name);
        return v == null ? dflt : v.toString();
    }

    /** A vector tag as doubles, or null when absent; a scalar gives a one-element list. */
    public List<Double> getDoubles(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return l.stream()
                    .map(o -> o instanceof Number n ? n.doubleValue() : Double.NaN)
                    .toList();
        }
        return v instanceof Number n ? List.of(n.doubleValue()) : List.of(Double.NaN);
    }

    /** Python truthiness, which pymatgen's rules rely on ({@code if incar.get("LDAU")}). */
    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
