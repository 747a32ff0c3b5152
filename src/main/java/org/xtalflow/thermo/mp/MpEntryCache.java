package org.xtalflow.thermo.mp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where fetched Materials Project entries are kept between runs, per chemical system and mixing
 * scheme (the campaign store implements it). Entries come back exactly as they were fetched.
 */
public interface MpEntryCache {

    /** What one cached system holds, without its entries. */
    record Summary(String chemsys, String thermoType, int entryCount, String dbVersion, Instant fetchedAt) {}

    /** The cached entries of exactly this system (its subsystems included), if any. */
    Optional<MpEntrySet> get(String chemsys, String thermoType);

    /** Stores (or replaces) the entries of {@link MpEntrySet#chemsys()}. */
    void put(MpEntrySet set);

    /** Every cached system, ordered by chemsys. */
    List<Summary> list();
}
