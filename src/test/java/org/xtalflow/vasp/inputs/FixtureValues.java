package org.xtalflow.vasp.inputs;

import java.util.List;

/** Compares a value from a JSON fixture with an INCAR value (numbers by value, strings and booleans exactly). */
final class FixtureValues {
    private FixtureValues() {}

    static boolean same(Object want, Object got) {
        if (want instanceof Number w && got instanceof Number g) {
            return Math.abs(w.doubleValue() - g.doubleValue()) <= 1e-9 * Math.max(1, Math.abs(w.doubleValue()));
        }
        if (want instanceof List<?> w && got instanceof List<?> g) {
            if (w.size() != g.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (!same(w.get(i), g.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return want != null && want.equals(got);
    }
}
