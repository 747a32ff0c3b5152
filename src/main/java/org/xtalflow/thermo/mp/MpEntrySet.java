package org.xtalflow.thermo.mp;

import java.time.Instant;
import java.util.List;
import org.xtalflow.thermo.ComputedEntry;

/**
 * The Materials Project entries of a chemical system and all its subsystems, as
 * {@code MPRester.get_entries_in_chemsys(elements, additional_criteria={"thermo_types": ["GGA_GGA+U"]})}
 * returns them: the ComputedStructureEntries of the thermo documents of one mixing scheme, their
 * MP2020 corrections included.
 *
 * @param chemsys     the parent system ("Ba-O-Ru")
 * @param thermoType  the mixing scheme ({@value MaterialsProjectClient#GGA_GGA_U})
 * @param dbVersion   MP's database version at fetch time ("2025_09_25"), from {@code /heartbeat}
 * @param fetchedAt   when the entries were fetched
 * @param lastUpdated the latest {@code last_updated} among the documents (as MP wrote it), or null
 * @param entries     the entries, in MP's document order
 * @param rejected    documents left out, each with its material id and reason
 */
public record MpEntrySet(
        String chemsys,
        String thermoType,
        String dbVersion,
        Instant fetchedAt,
        String lastUpdated,
        List<ComputedEntry> entries,
        List<Rejected> rejected) {

    /** A thermo document that could not be used. */
    public record Rejected(String materialId, String reason) {}

    public MpEntrySet {
        entries = List.copyOf(entries);
        rejected = List.copyOf(rejected);
    }

    /** "Materials Project 2025_09_25 (GGA_GGA+U, Ba-O-Ru, fetched 2026-12-01T23:00:00Z)": names the source in reports. */
    public String describe() {
        return "Materials Project " + dbVersion + " (" + thermoType + ", " + chemsys + ", fetched " + fetchedAt + ")";
    }
}
