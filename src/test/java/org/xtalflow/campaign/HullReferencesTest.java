package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.MaterialsProjectTestServer;
import org.xtalflow.thermo.HullAnalysis;
import org.xtalflow.thermo.ThermoSettings;
import org.xtalflow.thermo.mp.ChemicalSystem;
import org.xtalflow.thermo.mp.MpSettings;

/** {@code thermo.references: [bundled, mp]} resolved for a campaign's system: MP, then the cache, then the elements alone. */
class HullReferencesTest {

    @TempDir
    Path dir;

    static final ThermoSettings BUNDLED_AND_MP =
            new ThermoSettings(HullAnalysis.Correction.MP2020, List.of(ThermoSettings.BUNDLED, ThermoSettings.MP));
    static final ChemicalSystem BA_RU_O = ChemicalSystem.parse("Ba-Ru-O");

    @Test
    void materialsProjectThenCacheThenElementsAlone() throws Exception {
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("store.db"))) {
            MaterialsProjectTestServer server = new MaterialsProjectTestServer(MpReferenceCacheOfflineTest.docs(), "k");
            MpSettings mp = MpSettings.DEFAULTS
                    .withEndpoint(server.endpoint())
                    .withRetries(1, Duration.ofMillis(10))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
            Map<String, String> env = Map.of("MP_API_KEY", "k");

            HullReferences.Resolved online =
                    HullReferences.of(BUNDLED_AND_MP, mp, env, store).resolve(BA_RU_O, false);
            assertThat(online.mpDbVersion()).isEqualTo("2025_09_25");
            assertThat(online.lowerBound()).isFalse();
            assertThat(online.warning()).isNull();
            assertThat(online.references().compoundsWithin(BA_RU_O.elements())).hasSize(3); // BaO, RuO2, BaRuO3
            assertThat(online.references().elemental().entries()).hasSizeGreaterThan(80); // bundled elements too
            assertThat(online.description()).contains("MP elemental", "Materials Project database 2025_09_25");
            HullReferences.Resolved two = HullReferences.of(BUNDLED_AND_MP, mp, env, store)
                    .resolve(List.of(BA_RU_O, ChemicalSystem.parse("Ba-O")), false);
            assertThat(two.mpDbVersion()).isEqualTo("2025_09_25");
            assertThat(two.references().compoundsWithin(BA_RU_O.elements()))
                    .extracting(e -> e.name())
                    .containsExactlyInAnyOrder("BaO", "RuO2", "BaRuO3"); // BaO of both systems' sets kept once
            assertThat(two.lowerBound()).isFalse();

            server.close();
            HullReferences.Resolved offline =
                    HullReferences.of(BUNDLED_AND_MP, mp, env, store).resolve(BA_RU_O, true);
            assertThat(offline.mpDbVersion()).isEqualTo("2025_09_25");
            assertThat(offline.lowerBound()).isFalse();
            assertThat(offline.warning()).contains("from the store's cache", "MP unavailable");
        }
        try (CandidateStore empty = CandidateStore.openSqlite(dir.resolve("empty.db"))) {
            HullReferences.Resolved none = HullReferences.of(BUNDLED_AND_MP, MpSettings.DEFAULTS, Map.of(), empty)
                    .resolve(BA_RU_O, false);
            assertThat(none.mpDbVersion()).isNull();
            assertThat(none.lowerBound()).isTrue();
            assertThat(none.warning())
                    .contains("no Materials Project phases for Ba-O-Ru", "MP_API_KEY", "no cached entries");
            assertThat(none.references().compounds()).isEmpty();
            HullReferences.Resolved local = HullReferences.of(
                            ThermoSettings.DEFAULTS, MpSettings.DEFAULTS, Map.of(), empty)
                    .resolve(BA_RU_O, false);
            assertThat(local.lowerBound()).isTrue();
            assertThat(local.warning()).isNull();
        }
    }

    /** The application's stage gains each campaign's MP compounds; a candidate then competes with them. */
    @Test
    void hullContextAddsTheCompoundsOfEachPreparedCampaign() throws Exception {
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("ctx.db"));
                MaterialsProjectTestServer server =
                        new MaterialsProjectTestServer(MpReferenceCacheOfflineTest.docs(), "k")) {
            MpSettings mp = MpSettings.DEFAULTS.withEndpoint(server.endpoint()).withRetries(0, Duration.ZERO);
            HullContext ctx = HullContext.of(
                    new ThermoSettings(
                            HullAnalysis.Correction.NONE, List.of(ThermoSettings.BUNDLED, ThermoSettings.MP)),
                    mp,
                    Map.of("MP_API_KEY", "k"),
                    store);
            assertThat(ctx.analysis().references().compounds()).isEmpty();
            HullReferences.Resolved r = ctx.prepare(List.of(List.of("Ba", "Ru", "O")));
            assertThat(r.lowerBound()).isFalse();
            assertThat(ctx.analysis().references().compoundsWithin(BA_RU_O.elements()))
                    .hasSize(3);
            ctx.prepare(List.of(List.of("Ba", "O"))); // already there: nothing twice
            assertThat(ctx.analysis().references().compounds()).hasSize(3);
            // a BaRuO3 candidate 0.05 eV/atom above MP's (-36.1 eV for 5 atoms) is not on the hull
            org.xtalflow.thermo.ComputedEntry cand = org.xtalflow.thermo.ComputedEntry.builder(
                            org.xtalflow.crystal.Composition.parse("BaRuO3"), -36.1 + 0.25)
                    .entryId("cand")
                    .build();
            double eh =
                    ctx.analysis().analyze(List.of(cand)).rows().get(0).hull().eAboveHull();
            assertThat(eh).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-9));
        }
    }
}
