package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Composition;
import org.xtalflow.testing.MaterialsProjectTestServer;
import org.xtalflow.thermo.ComputedEntry;
import org.xtalflow.thermo.mp.ChemicalSystem;
import org.xtalflow.thermo.mp.MaterialsProjectClient;
import org.xtalflow.thermo.mp.MaterialsProjectException;
import org.xtalflow.thermo.mp.MpApiKey;
import org.xtalflow.thermo.mp.MpReferenceSource;
import org.xtalflow.thermo.mp.MpReferenceSource.Origin;
import org.xtalflow.thermo.mp.MpSettings;

/**
 * Cache first, MP on request, offline from the cache: the real client against the Materials
 * Project test double, the real store (SQLite) as the cache.
 */
class MpReferenceCacheOfflineTest {

    @TempDir
    Path dir;

    static List<com.fasterxml.jackson.databind.node.ObjectNode> docs() {
        List<com.fasterxml.jackson.databind.node.ObjectNode> d = new ArrayList<>();
        String[][] rows = {
            {"mp-1", "Ba", "-1.9"},
            {"mp-2", "Ru", "-9.2"},
            {"mp-3", "O2", "-9.8"},
            {"mp-4", "BaO", "-11.3"},
            {"mp-5", "RuO2", "-23.0"},
            {"mp-6", "BaRuO3", "-36.1"}
        };
        for (String[] r : rows) {
            d.add(MaterialsProjectTestServer.thermoDoc(
                    r[0],
                    ComputedEntry.builder(Composition.parse(r[1]), Double.parseDouble(r[2]))
                            .build(),
                    0,
                    -1,
                    "2025-09-01T00:00:00"));
        }
        return d;
    }

    @Test
    void fetchesOnceThenUsesTheCacheAndRunsOfflineFromIt() throws Exception {
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("store.db"))) {
            ReferenceCache cache = new ReferenceCache(store);
            MaterialsProjectTestServer server = new MaterialsProjectTestServer(docs(), "k");
            MpSettings s = MpSettings.DEFAULTS
                    .withEndpoint(server.endpoint())
                    .withRetries(1, Duration.ofMillis(10))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
            MpReferenceSource source =
                    new MpReferenceSource(cache, new MaterialsProjectClient(s, MpApiKey.of("k", "test")), null);
            ChemicalSystem baRuO = ChemicalSystem.parse("Ba-Ru-O");

            MpReferenceSource.Result first = source.entries(baRuO, false);
            assertThat(first.origin()).isEqualTo(Origin.FETCHED);
            assertThat(first.set().entries()).hasSize(6);
            assertThat(first.note()).contains("Materials Project database 2025_09_25");
            int asked = server.requests().size();

            MpReferenceSource.Result second = source.entries(baRuO, false);
            assertThat(second.origin()).isEqualTo(Origin.CACHE);
            assertThat(second.set().entries()).hasSize(6);
            assertThat(server.requests()).hasSize(asked); // the cache answered

            server.dbVersion("2026_01_15");
            MpReferenceSource.Result refreshed = source.entries(baRuO, true);
            assertThat(refreshed.origin()).isEqualTo(Origin.FETCHED);
            assertThat(refreshed.set().dbVersion()).isEqualTo("2026_01_15");
            assertThat(cache.get("Ba-O-Ru", "GGA_GGA+U").orElseThrow().dbVersion())
                    .isEqualTo("2026_01_15");

            server.close(); // the network is gone
            MpReferenceSource.Result offline = source.entries(baRuO, true);
            assertThat(offline.origin()).isEqualTo(Origin.CACHE_OFFLINE);
            assertThat(offline.set().dbVersion()).isEqualTo("2026_01_15");
            assertThat(offline.note()).contains("2026_01_15", "MP unavailable", "cannot reach the Materials Project");

            // a subsystem is served from the larger cached system, narrowed to it
            MpReferenceSource.Result baO = source.entries(ChemicalSystem.parse("Ba-O"), false);
            assertThat(baO.origin()).isEqualTo(Origin.CACHE);
            assertThat(baO.set().entries())
                    .extracting(ComputedEntry::name)
                    .containsExactlyInAnyOrder("Ba", "O2", "BaO");

            // not cached and MP unreachable: the client's error stands
            assertThatThrownBy(() -> source.entries(ChemicalSystem.parse("Li-O"), false))
                    .isInstanceOfSatisfying(
                            MaterialsProjectException.class,
                            e -> assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.NO_NETWORK));
        }
    }

    @Test
    void withoutAKeyTheCacheAloneAndAClearErrorWithoutIt() {
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("store.db"))) {
            ReferenceCache cache = new ReferenceCache(store);
            MpReferenceSource keyless = new MpReferenceSource(cache, null, null);
            assertThat(keyless.canFetch()).isFalse();
            assertThatThrownBy(() -> keyless.entries(ChemicalSystem.parse("Ba-O"), false))
                    .isInstanceOfSatisfying(MaterialsProjectException.class, e -> {
                        assertThat(e.kind()).isEqualTo(MaterialsProjectException.Kind.NO_KEY);
                        assertThat(e.getMessage())
                                .contains(
                                        "MP_API_KEY", "no cached entries for Ba-O", "references fetch --chemsys Ba-O");
                    });
            cache.put(new org.xtalflow.thermo.mp.MpEntrySet(
                    "Ba-O",
                    "GGA_GGA+U",
                    "2025_09_25",
                    java.time.Instant.EPOCH,
                    null,
                    List.of(ComputedEntry.builder(Composition.parse("BaO"), -11.3)
                            .build()),
                    List.of()));
            assertThat(keyless.entries(ChemicalSystem.parse("Ba-O"), true).origin())
                    .isEqualTo(Origin.CACHE_OFFLINE);
        }
    }
}
