package org.xtalflow.vasp.errors;

import java.util.Locale;

/**
 * One change to the next attempt of a run: an INCAR tag set or removed, the KPOINTS mesh or style
 * changed, a restart from CONTCAR, a file deleted, or more walltime or memory from the scheduler.
 *
 * @param type   what kind of change
 * @param target the INCAR tag (SET_TAG, UNSET_TAG), the file (DELETE_FILE), else ""
 * @param value  the new value: an INCAR value, a {@code Kpoints.Style}, an int[3] mesh, a factor
 *               (MORE_WALLTIME, MORE_MEMORY), else null
 */
public record Action(Type type, String target, Object value) {

    public enum Type {
        SET_TAG,
        UNSET_TAG,
        KPOINTS_STYLE,
        KPOINTS_MESH,
        RESTART_FROM_CONTCAR,
        DELETE_FILE,
        MORE_WALLTIME,
        MORE_MEMORY
    }

    public static Action set(String tag, Object value) {
        return new Action(Type.SET_TAG, tag.toUpperCase(Locale.ROOT), value);
    }

    public static Action unset(String tag) {
        return new Action(Type.UNSET_TAG, tag.toUpperCase(Locale.ROOT), null);
    }

    public static Action restartFromContcar() {
        return new Action(Type.RESTART_FROM_CONTCAR, "", null);
    }

    public static Action delete(String file) {
        return new Action(Type.DELETE_FILE, file, null);
    }

    /** The setting this action changes, as the lock names it: the INCAR tag, KPOINTS, POSCAR, or "" for none. */
    public String setting() {
        return switch (type) {
            case SET_TAG, UNSET_TAG -> target;
            case KPOINTS_STYLE, KPOINTS_MESH -> "KPOINTS";
            case RESTART_FROM_CONTCAR -> "POSCAR";
            default -> "";
        };
    }

    /** For people and the store: {@code ALGO = All}, {@code KPOINTS mesh 4x4x4}, {@code restart from CONTCAR}. */
    public String describe() {
        return switch (type) {
            case SET_TAG ->
                new org.xtalflow.vasp.inputs.Incar().put(target, value).toText().strip();
            case UNSET_TAG -> "remove " + target;
            case KPOINTS_STYLE -> "KPOINTS style " + value.toString().toLowerCase(Locale.ROOT);
            case KPOINTS_MESH -> {
                int[] m = (int[]) value;
                yield "KPOINTS mesh " + m[0] + "x" + m[1] + "x" + m[2];
            }
            case RESTART_FROM_CONTCAR -> "restart from CONTCAR";
            case DELETE_FILE -> "delete " + target;
            case MORE_WALLTIME -> "walltime x" + format(value);
            case MORE_MEMORY -> "memory per task x" + format(value) + " (tasks spread over more nodes)";
        };
    }

    private static String format(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e6) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Action a
                && a.type == type
                && a.target.equals(target)
                && a.describe().equals(describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
