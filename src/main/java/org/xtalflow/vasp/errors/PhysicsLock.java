package org.xtalflow.vasp.errors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;

/**
 * The settings that decide which energy a run computes, which no correction may change so that
 * every energy on one hull comes from the same physics (conf/xtalflow.yaml {@code vasp.lock}).
 * Each entry is a name:
 * <ul>
 *   <li>{@code ENCUT}, {@code GGA}, {@code METAGGA}, {@code LASPH}: no change at all;</li>
 *   <li>{@code LDAU}: LDAU, LDAUTYPE and every U, J and L value (LDAUU, LDAUJ, LDAUL);</li>
 *   <li>{@code PREC}: not lowered below the set's (Low &lt; Medium &lt; Normal &lt; Accurate);</li>
 *   <li>{@code EDIFF}: not looser than the set's (tighter is allowed);</li>
 *   <li>{@code KPOINTS}: no division below the set's mesh (denser and a new centring are allowed);</li>
 *   <li>{@code ISPIN}: no change where the set fixes it;</li>
 *   <li>{@code POTCAR}: no other POTCAR (no correction proposes one; the harvest check compares them);</li>
 *   <li>any other INCAR tag (e.g. ISMEAR, SIGMA, LREAL): no change at all.</li>
 * </ul>
 */
public final class PhysicsLock {

    /** The default list: the energy-relevant settings of MP-compatible runs. */
    public static final List<String> DEFAULT =
            List.of("ENCUT", "PREC", "GGA", "METAGGA", "LDAU", "POTCAR", "LASPH", "ISPIN", "KPOINTS", "EDIFF");

    private static final Set<String> LDAU_TAGS = Set.of("LDAU", "LDAUTYPE", "LDAUU", "LDAUJ", "LDAUL");
    private static final Map<String, Integer> PREC_RANK =
            Map.of("low", 0, "medium", 1, "normal", 2, "single", 2, "singlen", 2, "accurate", 3, "high", 3);

    private final Set<String> entries;

    public PhysicsLock(List<String> entries) {
        Set<String> e = new LinkedHashSet<>();
        for (String s : entries) {
            if (s == null || !s.strip().matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(
                        "vasp.lock entries are INCAR tag names, KPOINTS or POTCAR; got '" + s + "'");
            }
            e.add(s.strip().toUpperCase(Locale.ROOT));
        }
        this.entries = java.util.Collections.unmodifiableSet(e);
    }

    public static PhysicsLock defaults() {
        return new PhysicsLock(DEFAULT);
    }

    public Set<String> entries() {
        return entries;
    }

    /** The lock entry that covers an INCAR tag, or null when the tag is free. */
    public String entryFor(String tag) {
        String t = tag.toUpperCase(Locale.ROOT);
        if (LDAU_TAGS.contains(t) && entries.contains("LDAU")) {
            return "LDAU";
        }
        return entries.contains(t) ? t : null;
    }

    /**
     * The locked setting {@code action} would change, or null when it may be applied.
     *
     * @param current   the failed attempt's INCAR and KPOINTS (kpoints may be null)
     * @param reference the input set's INCAR and KPOINTS for this structure (the first attempt's)
     */
    public String refuses(Action action, Incar current, Kpoints currentK, Incar reference, Kpoints referenceK) {
        switch (action.type()) {
            case SET_TAG, UNSET_TAG -> {
                String tag = action.target();
                String entry = entryFor(tag);
                if (entry == null) {
                    return null;
                }
                Object now = current.get(tag);
                Object next = action.type() == Action.Type.SET_TAG
                        ? new Incar().put(tag, action.value()).get(tag)
                        : null;
                if (sameValue(now, next)) {
                    return null;
                }
                return switch (entry) {
                    case "PREC" -> rank(next) < rank(reference.get("PREC")) ? "PREC" : null;
                    case "EDIFF" -> {
                        double ref = reference.getDouble("EDIFF");
                        double n = next instanceof Number x ? x.doubleValue() : 1e-4; // removed: VASP's default
                        yield n > (Double.isNaN(ref) ? 1e-4 : ref) * (1 + 1e-9) ? "EDIFF" : null;
                    }
                    case "ISPIN" -> reference.contains("ISPIN") ? "ISPIN" : null;
                    default -> tag;
                };
            }
            case KPOINTS_MESH -> {
                if (!entries.contains("KPOINTS")) {
                    return null;
                }
                int[] next = (int[]) action.value();
                int[] ref = referenceK != null ? referenceK.mesh() : currentK != null ? currentK.mesh() : null;
                if (ref == null) {
                    return null;
                }
                for (int i = 0; i < 3; i++) {
                    if (next[i] < ref[i]) {
                        return "KPOINTS";
                    }
                }
                return null;
            }
            default -> {
                return null; // centring, restarts, files, walltime and memory do not change the physics
            }
        }
    }

    private static int rank(Object prec) {
        if (prec == null) {
            return PREC_RANK.get("normal"); // VASP's default PREC
        }
        Integer r = PREC_RANK.get(prec.toString().toLowerCase(Locale.ROOT));
        return r == null ? PREC_RANK.get("normal") : r;
    }

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Math.abs(x.doubleValue() - y.doubleValue()) <= 1e-12 * Math.max(1, Math.abs(x.doubleValue()));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.equalsIgnoreCase(y);
        }
        return Objects.equals(a, b);
    }

    /**
     * The lock entries a finished run broke, comparing what it ran with (INCAR, KPOINTS, POTCARs)
     * with the input set's: one {@link Violation} per setting, empty when the run may go on the hull.
     */
    public List<Violation> audit(
            Incar ran, Kpoints ranK, List<String> ranPotcars, Incar set, Kpoints setK, List<String> setPotcars) {
        List<Violation> out = new ArrayList<>();
        Set<String> tags = new java.util.TreeSet<>(set.tags().keySet());
        tags.addAll(ran.tags().keySet());
        for (String tag : tags) {
            String entry = entryFor(tag);
            if (entry == null) {
                continue;
            }
            Object was = set.get(tag);
            Object is = ran.get(tag);
            if (sameValue(was, is) || sameList(was, is)) {
                continue;
            }
            boolean broken = switch (entry) {
                case "PREC" -> rank(is) < rank(was);
                case "EDIFF" ->
                    (is instanceof Number n ? n.doubleValue() : 1e-4)
                            > (was instanceof Number n ? n.doubleValue() : 1e-4) * (1 + 1e-9);
                case "ISPIN" -> was != null;
                default -> true;
            };
            if (broken) {
                out.add(new Violation(tag, String.valueOf(was), String.valueOf(is)));
            }
        }
        if (entries.contains("KPOINTS") && setK != null && ranK != null) {
            int[] a = setK.mesh();
            int[] b = ranK.mesh();
            if (b[0] < a[0] || b[1] < a[1] || b[2] < a[2]) {
                out.add(new Violation("KPOINTS", a[0] + "x" + a[1] + "x" + a[2], b[0] + "x" + b[1] + "x" + b[2]));
            }
        }
        if (entries.contains("POTCAR") && setPotcars != null && ranPotcars != null && !setPotcars.equals(ranPotcars)) {
            out.add(new Violation("POTCAR", String.join(" ", setPotcars), String.join(" ", ranPotcars)));
        }
        return out;
    }

    private static boolean sameList(Object a, Object b) {
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A locked setting a run did not keep.
     *
     * @param tag      the setting (INCAR tag, KPOINTS or POTCAR)
     * @param expected the input set's value ("null" when the set does not write it)
     * @param found    the run's value ("null" when the run did not have it)
     */
    public record Violation(String tag, String expected, String found) {
        @Override
        public String toString() {
            return tag + " (set: " + expected + ", run: " + found + ")";
        }
    }
}
