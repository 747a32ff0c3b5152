package org.xtalflow.predict;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The predicted properties of one structure, in each property's unit (see {@link CgcnnProperty}). */
public record PropertyPrediction(Map<CgcnnProperty, Double> values) {

    public PropertyPrediction {
        values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** The predicted value, or NaN when that model was not run. */
    public double get(CgcnnProperty p) {
        Double v = values.get(p);
        return v == null ? Double.NaN : v;
    }

    public boolean has(CgcnnProperty p) {
        return values.containsKey(p);
    }
}
