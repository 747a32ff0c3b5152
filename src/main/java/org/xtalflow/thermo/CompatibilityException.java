package org.xtalflow.thermo;

/**
 * An entry that a correction scheme cannot process (wrong run type, U values, POTCARs): pymatgen
 * drops such entries; xtalflow names the entry and the reason.
 */
public class CompatibilityException extends RuntimeException {
    private final transient ComputedEntry entry;

    public CompatibilityException(ComputedEntry entry, String reason) {
        super("entry " + entry.label() + ": " + reason);
        this.entry = entry;
    }

    public ComputedEntry entry() {
        return entry;
    }
}
