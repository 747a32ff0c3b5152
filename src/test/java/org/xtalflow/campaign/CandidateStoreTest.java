package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xtalflow.campaign.CandidateState.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's contract, run on SQLite here and on PostgreSQL by {@link PostgresCandidateStoreTest}. */
class CandidateStoreTest {

    @TempDir
    Path dir;

    /** The store called {@code name} (same name → same database, for reopen tests). */
    StoreConfig config(String name) {
        return StoreConfig.sqlite(dir.resolve(name));
    }

    CandidateStore open(String name) {
        return CandidateStore.open(config(name));
    }

    @Test
    void attemptsAreRecordedOnceAndSurviveAReopen() {
        String id;
        try (CandidateStore store = open("attempts.db")) {
            store.createCampaign("A-1", "attempts", "local", 0, "{}");
            id = store.addCandidate("A-1", CandidateChange.none().withStructure("FeO", 225, 2, "data_x\n"))
                    .id();
            StoredAttempt a1 = new StoredAttempt(
                    1000L,
                    "A-1",
                    id,
                    1,
                    "relax1",
                    "42",
                    "zbrent",
                    "restart from CONTCAR; EDIFF = 1e-06",
                    "",
                    "FIXABLE",
                    null);
            assertThat(store.recordAttempt(a1)).isTrue();
            // the same fetch again after a restart: kept as first recorded
            assertThat(store.recordAttempt(
                            new StoredAttempt(2000L, "A-1", id, 1, "relax1", "42", "edddav", "", "", "UNFIXABLE", "x")))
                    .isFalse();
            assertThat(store.recordAttempt(new StoredAttempt(
                            3000L,
                            "A-1",
                            id,
                            2,
                            "static",
                            null,
                            "large_sigma",
                            "",
                            "SIGMA = 0.02 (locked: SIGMA)",
                            "UNFIXABLE",
                            "the only fixes for large_sigma change locked settings: SIGMA")))
                    .isTrue();
        }
        try (CandidateStore store = open("attempts.db")) {
            assertThat(store.attempts(id))
                    .extracting(StoredAttempt::attempt, StoredAttempt::errors, StoredAttempt::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1, "zbrent", "FIXABLE"),
                            org.assertj.core.groups.Tuple.tuple(2, "large_sigma", "UNFIXABLE"));
            assertThat(store.attempts(id).get(1).reason()).contains("SIGMA");
            assertThat(store.attempts(id).get(1).jobId()).isNull();
            assertThat(store.campaignAttempts("A-1")).hasSize(2);
            assertThat(store.events(id))
                    .extracting(StoreEvent::message)
                    .anyMatch(m -> m != null && m.contains("attempt 1 (relax1): zbrent -> FIXABLE"));
        }
    }

    @Test
    void candidateWalksTheWholeLifeAndEveryStepIsAnEvent() {
        try (CandidateStore store = open("store.db")) {
            store.createCampaign("BaRuO-1", "Ba Ru O", "local", 0, "{\"elements\":[\"Ba\",\"Ru\",\"O\"]}");
            Candidate c =
                    store.addCandidate("BaRuO-1", CandidateChange.none().withStructure("BaRuO3", 221, 5, "data_x\n"));
            assertThat(c.id()).isEqualTo("BaRuO-1-000001");
            assertThat(c.state()).isEqualTo(GENERATED);
            assertThat(c.formula()).isEqualTo("BaRuO3");
            store.transition(c.id(), GENERATED, SCREENED, null);
            store.transition(c.id(), SCREENED, PREPARED, CandidateChange.none().withBundlePath("/tmp/b"));
            store.transition(
                    c.id(), PREPARED, SUBMITTING, CandidateChange.none().withCluster("local"));
            store.transition(
                    c.id(),
                    SUBMITTING,
                    SUBMITTED,
                    CandidateChange.none().withJobId("42").withRemoteDir("/w/x"));
            assertThat(store.byJob("local", "42")).map(Candidate::id).contains(c.id());
            store.transition(c.id(), SUBMITTED, RUNNING, null);
            store.transition(c.id(), RUNNING, FINISHED, null);
            Candidate h = store.transition(
                    c.id(), FINISHED, HARVESTED, CandidateChange.none().withEnergies(-40.5, -8.1, -2.3, 0.05));
            assertThat(h.state()).isEqualTo(HARVESTED);
            assertThat(h.finalEnergyEv()).isEqualTo(-40.5);
            assertThat(h.eAboveHullEv()).isEqualTo(0.05);
            assertThat(h.submitAttempts()).isEqualTo(1);
            assertThat(h.submittedAt()).isPositive();
            assertThat(h.harvestedAt()).isGreaterThanOrEqualTo(h.finishedAt());
            assertThat(h.bundlePath()).isEqualTo("/tmp/b");
            assertThat(store.events(c.id()))
                    .extracting(StoreEvent::toState)
                    .containsExactly(
                            GENERATED, SCREENED, PREPARED, SUBMITTING, SUBMITTED, RUNNING, FINISHED, HARVESTED);
            assertThat(store.countByState("BaRuO-1"))
                    .containsEntry(HARVESTED, 1L)
                    .containsEntry(GENERATED, 0L);
        }
    }

    @Test
    void illegalAndStaleTransitionsAreRefusedAndWriteNothing() {
        try (CandidateStore store = open("store.db")) {
            store.createCampaign("c1", null, null, 0, null);
            Candidate c = store.addCandidate("c1", CandidateChange.none());
            assertThatThrownBy(() -> store.transition(c.id(), GENERATED, RUNNING, null))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("GENERATED -> RUNNING");
            assertThatThrownBy(() -> store.transition(c.id(), SCREENED, PREPARED, null))
                    .isInstanceOf(StaleStateException.class)
                    .satisfies(
                            e -> assertThat(((StaleStateException) e).actual()).isEqualTo(GENERATED));
            assertThatThrownBy(() -> store.transition("c1-999999", GENERATED, SCREENED, null))
                    .isInstanceOf(StaleStateException.class)
                    .hasMessageContaining("absent");
            assertThat(store.get(c.id()).state()).isEqualTo(GENERATED);
            assertThat(store.events(c.id())).hasSize(1);
            assertThatThrownBy(() -> store.transition(c.id(), HARVESTED, PREPARED, null))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> store.createCampaign("bad id; rm -rf", null, null, 0, null))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("must match");
            assertThatThrownBy(() -> store.addCandidate("nope", CandidateChange.none()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("no campaign nope");
        }
    }

    /**
     * A generation batch as a 10^7-sample campaign stores it (V13): the CIF compressed and read back
     * exactly, no event row for the creation (the candidate's row tells it), one for the verdict
     * with its reason; a row written before V13 (CIF as text) still reads.
     */
    @Test
    void aBatchIsStoredCompactlyAndKeepsItsHistory() throws Exception {
        String cif = org.xtalflow.crystal.io.CifWriter.p1(new org.xtalflow.crystal.io.CifReader()
                .read(
                        java.nio.file.Files.readString(
                                org.xtalflow.testing.SharedData.path("structures_cubicgan_oqmd", "cifs", "567800.cif")),
                        "567800.cif")
                .get(0)
                .structure());
        try (CandidateStore store = open("compact.db")) {
            store.createCampaign("c1", null, null, 0, null);
            List<String> ids = store.addBatch(
                    "c1",
                    new GenerationBatch("Ba-Ru-O", 0, 0, 1, 42L),
                    List.of(
                            CandidateChange.none()
                                    .withStructure("X", 225, 8, cif)
                                    .withSample("Ba-Ru-O", 0, 0),
                            CandidateChange.none()
                                    .withStructure("X", 225, 8, cif)
                                    .withSample("Ba-Ru-O", 0, 1)));
            store.transitionAll(List.of(
                    new CandidateStore.Move(
                            ids.get(0),
                            GENERATED,
                            REJECTED,
                            CandidateChange.reason("density.too_low: 0.09 g/cm³")
                                    .countIn("screen", "density.too_low")),
                    new CandidateStore.Move(
                            ids.get(1),
                            GENERATED,
                            SCREENED,
                            CandidateChange.none()
                                    .withStructure("X", 225, 8, cif)
                                    .countIn("screen", "passed"))));
            for (String id : ids) assertThat(store.get(id).structureCif()).isEqualTo(cif);
            Candidate rejected = store.get(ids.get(0));
            assertThat(store.events(ids.get(0)))
                    .extracting(StoreEvent::toState, StoreEvent::message)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(GENERATED, null),
                            org.assertj.core.groups.Tuple.tuple(REJECTED, "density.too_low: 0.09 g/cm³"));
            assertThat(store.events(ids.get(0)).get(0).at()).isEqualTo(rejected.createdAt());
            assertThat(store.events(ids.get(1))).extracting(StoreEvent::toState).containsExactly(GENERATED, SCREENED);
            try (java.sql.Connection c = store.dataSource().getConnection();
                    java.sql.Statement st = c.createStatement()) {
                try (java.sql.ResultSet rs = st.executeQuery(
                        "SELECT COUNT(*) FROM events WHERE campaign_id = 'c1' AND candidate_id IS NOT NULL")) {
                    rs.next();
                    assertThat(rs.getLong(1))
                            .as("event rows: one verdict per candidate")
                            .isEqualTo(2);
                }
                try (java.sql.ResultSet rs = st.executeQuery(
                        "SELECT structure_cif, structure_cif_z FROM candidates WHERE campaign_id = 'c1'")) {
                    while (rs.next()) {
                        assertThat(rs.getString(1)).isNull();
                        assertThat(rs.getBytes(2).length).isLessThan(cif.length() / 2);
                    }
                }
                // a candidate stored before V13 keeps its CIF as text
                st.executeUpdate("UPDATE candidates SET structure_cif = 'data_old\n', structure_cif_z = NULL "
                        + "WHERE id = '" + ids.get(1) + "'");
            }
            assertThat(store.get(ids.get(1)).structureCif()).isEqualTo("data_old\n");
            // a candidate added alone keeps its stored creation event (no second one is read)
            Candidate single = store.addCandidate("c1", CandidateChange.none().withSample("Ba-Ru-O", 1, 0));
            assertThat(store.events(single.id()))
                    .extracting(StoreEvent::toState)
                    .containsExactly(GENERATED);
        }
    }

    /** A batch's verdicts in one transaction: all written with their funnel counts, or, with one stale move, none. */
    @Test
    void transitionAllWritesEveryMoveOrNone() {
        try (CandidateStore store = open("store.db")) {
            store.createCampaign("c1", null, null, 0, null);
            GenerationBatch batch = new GenerationBatch("Ba-Ru-O", 0, 0, 1, 42L);
            List<String> ids = store.addBatch(
                    "c1",
                    batch,
                    List.of(
                            CandidateChange.none().withSample("Ba-Ru-O", 0, 0),
                            CandidateChange.none().withSample("Ba-Ru-O", 0, 1),
                            CandidateChange.none().withSample("Ba-Ru-O", 0, 2)));
            assertThat(store.storedBatches("c1", "Ba-Ru-O")).containsExactly(0);
            assertThatThrownBy(() -> store.addBatch(
                            "c1", batch, List.of(CandidateChange.none().withSample("Ba-Ru-O", 0, 0))))
                    .isInstanceOf(StoreException.class);
            assertThat(store.candidates("c1")).hasSize(3); // the repeated batch wrote nothing
            store.transition(ids.get(2), GENERATED, REJECTED, CandidateChange.reason("size.too_many_sites"));
            assertThatThrownBy(() -> store.transitionAll(List.of(
                            new CandidateStore.Move(
                                    ids.get(0),
                                    GENERATED,
                                    SCREENED,
                                    CandidateChange.none().countIn("screen", "passed")),
                            new CandidateStore.Move(ids.get(2), GENERATED, SCREENED, CandidateChange.none()))))
                    .isInstanceOf(StaleStateException.class);
            assertThat(store.get(ids.get(0)).state()).isEqualTo(GENERATED);
            assertThat(store.funnel("c1")).doesNotContainKey("screen");
            store.transitionAll(List.of(
                    new CandidateStore.Move(
                            ids.get(0),
                            GENERATED,
                            SCREENED,
                            CandidateChange.none().countIn("screen", "passed")),
                    new CandidateStore.Move(
                            ids.get(1),
                            GENERATED,
                            REJECTED,
                            CandidateChange.reason("x").countIn("screen", "x"))));
            assertThat(store.get(ids.get(0)).state()).isEqualTo(SCREENED);
            assertThat(store.get(ids.get(1)).reason()).isEqualTo("x");
            assertThat(store.funnel("c1").get("screen"))
                    .containsEntry("passed", 1L)
                    .containsEntry("x", 1L);
        }
    }

    @Test
    void concurrentCompareAndSetLetsExactlyOneWorkerSubmit() throws Exception {
        try (CandidateStore store = open("store.db")) {
            store.createCampaign("c1", null, "hpc1", 0, null);
            List<CandidateChange> init = new ArrayList<>();
            for (int i = 0; i < 20; i++) init.add(CandidateChange.none());
            List<Candidate> cs = store.addCandidates("c1", init);
            for (Candidate c : cs) {
                store.transition(c.id(), GENERATED, SCREENED, null);
                store.transition(c.id(), SCREENED, PREPARED, null);
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger stale = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    for (Candidate c : cs) {
                        try {
                            store.transition(
                                    c.id(),
                                    PREPARED,
                                    SUBMITTING,
                                    CandidateChange.none().withCluster("hpc1"));
                            wins.incrementAndGet();
                        } catch (StaleStateException e) {
                            stale.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) f.get();
            pool.shutdown();
            assertThat(wins.get()).isEqualTo(20);
            assertThat(stale.get()).isEqualTo(20 * 5);
            assertThat(store.countOnCluster("hpc1")).isEqualTo(20);
            assertThat(store.byCluster("hpc1", List.of(SUBMITTING)))
                    .allSatisfy(c -> assertThat(c.submitAttempts()).isEqualTo(1));
        }
    }

    @Test
    void committedStateSurvivesReopenAndFunnelCountsAdd() {
        String file = "sub/store.db";
        String id;
        try (CandidateStore store = open(file)) {
            store.createCampaign("c1", null, null, 0, null);
            id = store.addCandidate("c1", CandidateChange.none()).id();
            store.transition(id, GENERATED, REJECTED, CandidateChange.reason("distance 0.4 A < 0.5 A"));
            store.addFunnelCount("c1", "screen", "passed", 3);
            store.addFunnelCount("c1", "screen", "too close", 1);
            store.addFunnelCount("c1", "screen", "passed", 2);
            store.setCampaignStatus("c1", CampaignStatus.PAUSED, "user");
        }
        try (CandidateStore store = open(file)) {
            Candidate c = store.get(id);
            assertThat(c.state()).isEqualTo(REJECTED);
            assertThat(c.reason()).isEqualTo("distance 0.4 A < 0.5 A");
            Map<String, Map<String, Long>> f = store.funnel("c1");
            assertThat(f.get("screen")).containsEntry("passed", 5L).containsEntry("too close", 1L);
            assertThat(store.campaign("c1").orElseThrow().status()).isEqualTo(CampaignStatus.PAUSED);
            assertThat(store.campaignEvents("c1", 10))
                    .extracting(StoreEvent::message)
                    .contains("campaign PAUSED: user");
            // second candidate continues the sequence after reopen
            assertThat(store.addCandidate("c1", CandidateChange.none()).id()).isEqualTo("c1-000002");
        }
    }

    @Test
    void stateMachineMatchesTheDesign() {
        assertThat(GENERATED.next()).containsExactlyInAnyOrder(SCREENED, REJECTED);
        assertThat(PREPARED.next()).containsExactlyInAnyOrder(SUBMITTING, FAILED); // FAILED: cancelled
        assertThat(REJECTED.isTerminal()).isTrue();
        assertThat(HARVESTED.isTerminal()).isTrue();
        assertThat(SUBMITTING.canMoveTo(SUBMITTED)).isTrue();
        assertThat(RUNNING.canMoveTo(SUBMITTING)).isFalse();
        assertThat(SUBMITTED.isOnCluster()).isTrue();
    }
    /** Materials Project entries cached per system (V4): they come back as stored; a refresh replaces them. */
    @Test
    void mpReferenceCacheKeepsEntriesVersionAndFetchTime() {
        org.xtalflow.thermo.ComputedEntry bao = org.xtalflow.thermo.ComputedEntry.builder(
                        org.xtalflow.crystal.Composition.parse("BaO"), -11.3)
                .entryId("mp-1342-GGA")
                .runType("GGA")
                .build();
        org.xtalflow.thermo.ComputedEntry ba = org.xtalflow.thermo.ComputedEntry.builder(
                        org.xtalflow.crystal.Composition.parse("Ba"), -1.9)
                .entryId("mp-122-GGA")
                .build();
        java.time.Instant at = java.time.Instant.parse("2026-12-01T10:00:00Z");
        org.xtalflow.thermo.mp.MpEntrySet set = new org.xtalflow.thermo.mp.MpEntrySet(
                "Ba-O",
                "GGA_GGA+U",
                "2025_09_25",
                at,
                "2025-09-20T00:00:00",
                List.of(bao, ba),
                List.of(new org.xtalflow.thermo.mp.MpEntrySet.Rejected("mp-9", "no entries")));
        try (CandidateStore store = open("cache.db")) {
            ReferenceCache cache = new ReferenceCache(store);
            assertThat(cache.get("Ba-O", "GGA_GGA+U")).isEmpty();
            cache.put(set);
            org.xtalflow.thermo.mp.MpEntrySet back =
                    cache.get("Ba-O", "GGA_GGA+U").orElseThrow();
            assertThat(back.dbVersion()).isEqualTo("2025_09_25");
            assertThat(back.fetchedAt()).isEqualTo(at);
            assertThat(back.lastUpdated()).isEqualTo("2025-09-20T00:00:00");
            assertThat(back.entries())
                    .extracting(org.xtalflow.thermo.ComputedEntry::entryId)
                    .containsExactly("mp-1342-GGA", "mp-122-GGA");
            assertThat(back.entries().get(0).uncorrectedEnergy()).isEqualTo(-11.3);
            assertThat(back.entries().get(0).runType()).isEqualTo("GGA");
            assertThat(back.rejected())
                    .containsExactly(new org.xtalflow.thermo.mp.MpEntrySet.Rejected("mp-9", "no entries"));
            cache.put(new org.xtalflow.thermo.mp.MpEntrySet(
                    "Ba-O", "GGA_GGA+U", "2026_01_01", at.plusSeconds(60), null, List.of(ba), List.of()));
            assertThat(cache.list())
                    .containsExactly(new org.xtalflow.thermo.mp.MpEntryCache.Summary(
                            "Ba-O", "GGA_GGA+U", 1, "2026_01_01", at.plusSeconds(60)));
        }
    }

    /**
     * The funnel's counts come from the database (GROUP BY, SQLite and PostgreSQL alike): free text
     * after a reason's code does not split a group, a cancel keeps its state word, and the counts
     * are those of the rows themselves.
     */
    @Test
    void talliesCountTheCandidatesByWhatTheFunnelReads() {
        try (CandidateStore store = open("tallies.db")) {
            store.createCampaign("T-1", "tallies", "local", 0, "{}");
            List<String> reasons = List.of(
                    "density.too_low: 0.41 g/cm³ < 0.5",
                    "density.too_low: 0.12 g/cm³ < 0.5",
                    "density.too_low: 0.33 g/cm³ < 0.5",
                    "distance.too_close: Ba–O 0.31 Å",
                    "cancelled: was SCREENED",
                    "cancelled: was SCREENED",
                    "cancelled: was GENERATED",
                    "free text without a colon");
            for (String r : reasons) {
                Candidate c =
                        store.addCandidate("T-1", CandidateChange.none().withStructure("BaO", 225, 8, "data_x\n"));
                store.transition(c.id(), GENERATED, REJECTED, CandidateChange.reason(r));
            }
            store.addCandidate("T-1", CandidateChange.none().withStructure("SrTiO3", 221, 5, "data_y\n"));
            store.addCandidate("T-1", CandidateChange.none().withStructure("SrTiO3", 221, 5, "data_y\n"));
            Candidate h = store.addCandidate("T-1", CandidateChange.none().withStructure("BaO", 225, 8, "data_z\n"));
            store.transition(h.id(), GENERATED, SCREENED, null);
            store.transition(h.id(), SCREENED, PREPARED, CandidateChange.none().withBundlePath("/tmp/b"));
            store.transition(
                    h.id(), PREPARED, SUBMITTING, CandidateChange.none().withCluster("local"));
            store.transition(
                    h.id(), SUBMITTING, SUBMITTED, CandidateChange.none().withJobId("7"));
            store.transition(h.id(), SUBMITTED, RUNNING, null);
            store.transition(h.id(), RUNNING, FINISHED, null);
            store.transition(h.id(), FINISHED, HARVESTED, CandidateChange.none().withEnergies(-40.5, -8.1, -2.3, 0.05));

            List<CandidateTally> t = store.tallies("T-1");
            assertThat(t)
                    .containsExactly(
                            new CandidateTally(REJECTED, "density.too_low", "BaO", false, null, 3),
                            new CandidateTally(REJECTED, "distance.too_close", "BaO", false, null, 1),
                            new CandidateTally(REJECTED, "cancelled: was SCREENED", "BaO", false, null, 2),
                            new CandidateTally(REJECTED, "cancelled: was GENERATED", "BaO", false, null, 1),
                            new CandidateTally(REJECTED, "free text without a colon", "BaO", false, null, 1),
                            new CandidateTally(GENERATED, null, "SrTiO3", false, null, 2),
                            new CandidateTally(HARVESTED, null, "BaO", true, 0.05, 1));
            // the database's key is the one a single candidate gets in Java
            Map<CandidateTally, Long> fromRows = new java.util.LinkedHashMap<>();
            for (Candidate c : store.candidates("T-1")) {
                CandidateTally one = CandidateTally.of(c);
                fromRows.merge(
                        new CandidateTally(
                                one.state(), one.reasonCode(), one.formula(), one.hasJob(), one.eAboveHullEv(), 0),
                        1L,
                        Long::sum);
            }
            Map<CandidateTally, Long> fromDb = new java.util.LinkedHashMap<>();
            t.forEach(x -> fromDb.put(
                    new CandidateTally(x.state(), x.reasonCode(), x.formula(), x.hasJob(), x.eAboveHullEv(), 0),
                    x.count()));
            assertThat(fromDb).isEqualTo(fromRows);

            // the bounded lists: rows without CIF, cut at the limit
            assertThat(store.endedAtDft("T-1")).extracting(Candidate::id).containsExactly(h.id());
            assertThat(store.endedAtDft("T-1").get(0).structureCif()).isEqualTo("data_z\n");
            assertThat(store.notRejected("T-1", 2))
                    .extracting(Candidate::formula, Candidate::structureCif)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("SrTiO3", null),
                            org.assertj.core.groups.Tuple.tuple("SrTiO3", null));
            assertThat(store.withJob("T-1", 10)).extracting(Candidate::jobId).containsExactly("7");
            assertThat(store.countWithJob("T-1")).isEqualTo(1);
            assertThat(store.countByClusterAndState()).containsEntry("local", Map.of(HARVESTED, 1L));
        }
    }

    /** The report's pre-screen table: every harvested prediction (for the DFT comparison) and the first others. */
    @Test
    void boundedPredictionsKeepEveryHarvestedOneAndTheFirstOthers() {
        try (CandidateStore store = open("predictions.db")) {
            store.createCampaign("P-1", "predictions", "local", 0, "{}");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Candidate c =
                        store.addCandidate("P-1", CandidateChange.none().withStructure("BaO", 225, 8, "data_x\n"));
                store.transition(
                        c.id(), GENERATED, SCREENED, CandidateChange.none().withPredictions(-1.0 - i, 0.01 * i, "{}"));
                ids.add(c.id());
            }
            String last = ids.get(4);
            store.transition(last, SCREENED, PREPARED, CandidateChange.none().withBundlePath("/tmp/b"));
            store.transition(last, PREPARED, SUBMITTING, CandidateChange.none().withCluster("local"));
            store.transition(last, SUBMITTING, SUBMITTED, CandidateChange.none().withJobId("9"));
            store.transition(last, SUBMITTED, RUNNING, null);
            store.transition(last, RUNNING, FINISHED, null);
            store.transition(last, FINISHED, HARVESTED, CandidateChange.none().withEnergies(-40.5, -8.1, -2.3, 0.05));

            assertThat(store.predictions("P-1", 2))
                    .extracting(CandidatePrediction::id)
                    .containsExactly(ids.get(0), ids.get(1), last);
            assertThat(store.predictions("P-1")).hasSize(5);
            assertThat(store.countPredictions("P-1")).isEqualTo(5);
        }
    }
}
