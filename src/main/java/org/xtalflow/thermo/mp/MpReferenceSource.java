package org.xtalflow.thermo.mp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xtalflow.crystal.Element;
import org.xtalflow.thermo.ComputedEntry;

/**
 * The Materials Project entries of a chemical system, cache first: a cached copy is used when
 * there (the system itself, or a larger cached system narrowed to it); MP is asked when there is
 * none or a refresh is asked for, and the answer is cached. When MP cannot be reached (no key, no
 * network, timeouts, 429/5xx after the retries) a cached copy stands in and the result says so;
 * without one, the client's error stands.
 */
public final class MpReferenceSource {

    private static final Logger LOG = LoggerFactory.getLogger(MpReferenceSource.class);

    /** Where the entries came from. */
    public enum Origin {
        /** Fetched from MP now (and cached). */
        FETCHED,
        /** From the cache, as asked. */
        CACHE,
        /** From the cache because MP could not be reached. */
        CACHE_OFFLINE
    }

    /**
     * @param note a sentence for logs and reports: which database version, from where, and why
     */
    public record Result(MpEntrySet set, Origin origin, String note) {}

    private final MpEntryCache cache;
    private final MaterialsProjectClient client;
    private final String noClientReason;

    /**
     * @param client         null when no key is configured (the cache alone then)
     * @param noClientReason why there is no client (for messages), or null
     */
    public MpReferenceSource(MpEntryCache cache, MaterialsProjectClient client, String noClientReason) {
        this.cache = cache;
        this.client = client;
        this.noClientReason =
                noClientReason == null ? "no Materials Project API key (set " + MpApiKey.ENV + ")" : noClientReason;
    }

    public boolean canFetch() {
        return client != null;
    }

    /** The entries of {@code system}; {@code refresh} asks MP even when a cached copy exists. */
    public Result entries(ChemicalSystem system, boolean refresh) {
        Optional<MpEntrySet> cached = cached(system);
        if (cached.isPresent() && !refresh) {
            return new Result(
                    cached.get(),
                    Origin.CACHE,
                    "Materials Project database " + cached.get().dbVersion() + " from the store's cache ("
                            + cached.get().chemsys() + ", fetched "
                            + cached.get().fetchedAt() + ")");
        }
        if (client == null) {
            if (cached.isPresent()) {
                return offline(cached.get(), noClientReason);
            }
            throw new MaterialsProjectException(
                    MaterialsProjectException.Kind.NO_KEY,
                    noClientReason + " and no cached entries for " + system
                            + " (fetch once with a key: xtalflow references fetch --chemsys " + system + ")");
        }
        MpEntrySet fresh;
        try {
            fresh = client.entriesInChemsys(system);
        } catch (MaterialsProjectException e) {
            if (e.kind().isUnreachable() && cached.isPresent()) {
                return offline(cached.get(), e.getMessage());
            }
            throw e;
        }
        cache.put(fresh);
        fresh = cache.get(fresh.chemsys(), fresh.thermoType()).orElse(fresh); // what later runs will read, exactly
        return new Result(
                fresh,
                Origin.FETCHED,
                "Materials Project database " + fresh.dbVersion() + ", fetched " + fresh.fetchedAt() + " ("
                        + fresh.entries().size() + " entries of " + fresh.chemsys() + " and its subsystems)");
    }

    private Result offline(MpEntrySet set, String why) {
        LOG.warn(
                "Materials Project unavailable ({}); using the cached {} entries of {} (database {}, fetched {})",
                why,
                set.entries().size(),
                set.chemsys(),
                set.dbVersion(),
                set.fetchedAt());
        return new Result(
                set,
                Origin.CACHE_OFFLINE,
                "Materials Project database " + set.dbVersion() + " from the store's cache (" + set.chemsys()
                        + ", fetched " + set.fetchedAt() + "): MP unavailable: " + why);
    }

    /** The system's own cached copy, else the smallest cached system containing it, narrowed to it. */
    Optional<MpEntrySet> cached(ChemicalSystem system) {
        Optional<MpEntrySet> own = cache.get(system.toString(), MaterialsProjectClient.GGA_GGA_U);
        if (own.isPresent()) {
            return own;
        }
        Set<Element> want = new HashSet<>(system.elements());
        MpEntryCache.Summary best = null;
        for (MpEntryCache.Summary s : cache.list()) {
            if (!s.thermoType().equals(MaterialsProjectClient.GGA_GGA_U)) {
                continue;
            }
            List<Element> els = ChemicalSystem.parse(s.chemsys()).elements();
            if (els.containsAll(want)
                    && (best == null
                            || els.size() < ChemicalSystem.parse(best.chemsys()).size())) {
                best = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        MpEntrySet big = cache.get(best.chemsys(), best.thermoType()).orElseThrow();
        List<ComputedEntry> inside = new ArrayList<>();
        for (ComputedEntry e : big.entries()) {
            if (want.containsAll(e.composition().elements())) {
                inside.add(e);
            }
        }
        return Optional.of(new MpEntrySet(
                system.toString(),
                big.thermoType(),
                big.dbVersion(),
                big.fetchedAt(),
                big.lastUpdated(),
                inside,
                List.of()));
    }
}
