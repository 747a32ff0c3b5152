package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.crystal.Structure;
import org.xtalflow.screen.ScreeningConfig;

/**
 * The bounded generator (issue 17) at the pipeline: the real random generator and the real
 * screening stage on a real SQLite store, batch by batch. The prepare queue is this test's
 * hand-off, which keeps only the candidate ids it is given (nothing of their structures).
 */
class BatchedGenerationTest {

    @TempDir
    Path dir;

    private CandidateStore store;
    private CampaignService campaigns;
    private Pipeline pipeline;
    private final RecordingGenerate generate = new RecordingGenerate();
    private final List<String> handedToPrepare = new ArrayList<>();
    private final List<Handoff> generateAgain = new ArrayList<>();
    private final List<String> reported = new ArrayList<>();

    private void open(int batchSize) {
        store = CandidateStore.openSqlite(dir.resolve("xtalflow.db"));
        campaigns = new CampaignService(dir.resolve("campaigns"), store, (id, folder) -> {
            reported.add(id); // the report itself is the report package's test; here: that it is asked for
            return folder;
        });
        campaigns.attach(
                h -> {
                    if (h.stage() == Stage.PREPARE) {
                        handedToPrepare.add(h.item().candidateId());
                    } else {
                        generateAgain.add(h);
                    }
                },
                new CampaignService.Listener() {
                    @Override
                    public void opened(CampaignRun run) {}

                    @Override
                    public void closed(CampaignRun run) {}
                });
        pipeline = new Pipeline(
                        campaigns,
                        store,
                        dir.resolve("outbox"),
                        generate,
                        new ScreeningStage(ScreeningConfig::defaults),
                        null,
                        null)
                .withGenerationPlan(new GenerationPlan(batchSize, 10_000_000));
    }

    @AfterEach
    void close() {
        generate.real.close();
        if (store != null) {
            store.close();
        }
    }

    private static CampaignSpec spec(int samples) {
        return new CampaignSpec(
                "batched",
                List.of(List.of("Sr", "Ti", "O")),
                List.of(221, 99),
                samples,
                "random",
                Map.of("filters", List.of("size", "density", "distance")),
                "MPRelaxSet",
                null,
                0,
                "test",
                5L);
    }

    /**
     * 2,000 samples in batches of 50: at the start of every batch (after a full GC) at most one
     * batch's structures of the earlier batches are still reachable, and the generator is never
     * asked for more than a batch. An implementation that keeps a system's samples (or its
     * structures) until the system ends fails here: 6,000 structures would be reachable.
     */
    @Test
    void samplesInMemoryAreBoundedByTheBatchSize() {
        open(50);
        CampaignService.Started started = campaigns.start(spec(2000));
        pipeline.generate(started.work().get(0));

        assertThat(generate.batches).hasSize(40).doesNotHaveDuplicates();
        assertThat(generate.maxSamplesPerCall).isEqualTo(50);
        assertThat(generate.produced).isEqualTo(6000);
        assertThat(generate.maxReachableAtBatchStart).isLessThanOrEqualTo(50 * 3);
        assertThat(store.candidates(started.id())).hasSize(6000);
        assertThat(store.generationProgress(started.id())).containsOnlyKeys("Sr-Ti-O");
        assertThat(store.generationProgress(started.id()).get("Sr-Ti-O")).containsExactly(2000, 40);
        assertThat(store.funnel(started.id()).get("generate"))
                .containsEntry("samples", 6000L)
                .containsEntry("system:Sr-Ti-O", 1L);
        // every survivor went on to prepare, batch by batch
        assertThat(handedToPrepare)
                .hasSize(store.byState(started.id(), CandidateState.SCREENED).size())
                .doesNotHaveDuplicates();
        assertThat(campaigns.require(started.id()).getGeneration())
                .singleElement()
                .asString()
                .startsWith("Sr-Ti-O: 2000 of 2000 samples (last batch 39)");
        assertThat(distinctSamples(started.id())).isEqualTo(6000);
    }

    /** A batch of k > 0 is the same batch when drawn again alone (its seed is recorded). */
    @Test
    void eachBatchIsReproducibleFromItsSeed() {
        GenerationPlan plan = new GenerationPlan(50, 10_000_000);
        CampaignSpec spec = spec(200);
        GenerationBatch b2 = plan.batch("Sr-Ti-O", 200, 2, 77L);
        try (GeneratorStage g = new GeneratorStage()) {
            List<String> once = cifs(g.generate(spec, List.of("Sr", "Ti", "O"), b2));
            List<String> again = cifs(g.generate(spec, List.of("Sr", "Ti", "O"), plan.batch("Sr-Ti-O", 200, 2, 77L)));
            List<String> other = cifs(g.generate(spec, List.of("Sr", "Ti", "O"), plan.batch("Sr-Ti-O", 200, 3, 77L)));
            assertThat(once).hasSize(150).isEqualTo(again).isNotEqualTo(other);
        }
        assertThat(b2.firstSample()).isEqualTo(100);
        assertThat(plan.batch("Sr-Ti-O", 200, 0, 77L).seed()).isEqualTo(77L); // batch 0: the system's seed
        assertThat(plan.batch("Sr-Ti-O", 199, 3, 77L).samples()).isEqualTo(49);
        assertThat(plan.batchCount(199)).isEqualTo(4);
    }

    /** A pause during batch 3 stops the generation before batch 4; resume continues at batch 4, nothing drawn twice. */
    @Test
    void pauseAndResumeAtBatchBoundaries() {
        open(50);
        CampaignService.Started started = campaigns.start(spec(500));
        CampaignRun run = campaigns.require(started.id());
        generate.duringBatch = k -> {
            if (k == 3) {
                run.pause(); // the operator, while batch 3 is drawn
            }
        };
        pipeline.generate(started.work().get(0));

        assertThat(generate.batches).containsExactly(0, 1, 2, 3);
        assertThat(store.storedBatches(started.id(), "Sr-Ti-O")).containsExactly(0, 1, 2, 3);
        assertThat(store.candidates(started.id())).hasSize(4 * 150);
        assertThat(store.campaign(started.id()).orElseThrow().status()).isEqualTo(CampaignStatus.PAUSED);
        assertThat(generateAgain).isEmpty(); // parked, not queued
        // the funnel of the campaign half-way: its samples are those stored so far (was 0 until the system ended)
        org.xtalflow.report.PipelineFunnel half = org.xtalflow.report.CampaignReport.funnel(
                        CampaignSummary.fromStore(store, started.id()), List.of("size", "density", "distance"))
                .total();
        assertThat(half.stage("samples").out()).isEqualTo(200);
        assertThat(half.stage("structures").out()).isEqualTo(600);

        generate.duringBatch = k -> {};
        run.resume();
        assertThat(generateAgain).singleElement().extracting(Handoff::stage).isEqualTo(Stage.GENERATE);
        pipeline.generate(generateAgain.get(0).item());

        assertThat(generate.batches).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(store.candidates(started.id())).hasSize(1500);
        assertThat(distinctSamples(started.id())).isEqualTo(1500);
        assertThat(store.funnel(started.id()).get("generate")).containsEntry("system:Sr-Ti-O", 1L);
        assertThat(store.campaign(started.id()).orElseThrow().status()).isEqualTo(CampaignStatus.ACTIVE);
    }

    /**
     * A cancel while batch 2 is drawn: batch 2 is the last one, its candidates and every earlier
     * open one end with reason "cancelled", the campaign is CANCELLED, its report asked for once,
     * and its item coming back (a requeue) draws nothing.
     */
    @Test
    void cancelStopsAtTheNextBatchAndEndsEveryOpenCandidate() {
        open(50);
        CampaignService.Started started = campaigns.start(spec(500));
        generate.duringBatch = k -> {
            if (k == 2) {
                campaigns.cancel(started.id());
            }
        };
        pipeline.generate(started.work().get(0));

        assertThat(generate.batches).containsExactly(0, 1, 2);
        assertThat(store.campaign(started.id()).orElseThrow().status()).isEqualTo(CampaignStatus.CANCELLED);
        assertThat(store.byState(started.id(), CandidateState.GENERATED)).isEmpty();
        assertThat(store.byState(started.id(), CandidateState.SCREENED)).isEmpty();
        List<Candidate> all = store.candidates(started.id());
        assertThat(all).hasSize(3 * 150).allSatisfy(c -> assertThat(c.state()).isEqualTo(CandidateState.REJECTED));
        // the survivors of the screening (handed on, or stored by batch 2) now carry the cancel's reason
        assertThat(all.stream()
                        .filter(c -> c.reason() != null && c.reason().startsWith("cancelled: was "))
                        .count())
                .isGreaterThan(0)
                .isGreaterThanOrEqualTo(handedToPrepare.size());
        assertThat(reported).containsExactly(started.id());
        assertThat(campaigns.require(started.id()).statusLabel()).isEqualTo("CANCELLED");

        pipeline.generate(started.work().get(0)); // the item again: dropped
        assertThat(generate.batches).containsExactly(0, 1, 2);
        assertThat(campaigns.require(started.id()).retryFailed()).isZero();
    }

    /**
     * A kill between the cancel's store commit and its end of the candidates leaves CANCELLED with
     * open candidates: the next start completes the cancel (and writes the report) without
     * generating anything.
     */
    @Test
    void restartCompletesAnInterruptedCancel() {
        open(50);
        CampaignService.Started started = campaigns.start(spec(200));
        pipeline.generate(started.work().get(0));
        long open = store.byState(started.id(), CandidateState.SCREENED).size();
        assertThat(open).isPositive();
        // what a kill -9 right after the cancel's first commit leaves
        store.setCampaignStatus(started.id(), CampaignStatus.CANCELLED, "cancelled by operator");

        CampaignService restarted = new CampaignService(dir.resolve("campaigns"), store, (id, folder) -> {
            reported.add(id);
            return folder;
        });
        List<Handoff> work = restarted.resumeFromStore(c -> null, (id, c) -> List.of());

        assertThat(work).isEmpty();
        assertThat(store.byState(started.id(), CandidateState.SCREENED)).isEmpty();
        assertThat(store.candidates(started.id()).stream()
                        .filter(c -> c.reason() != null && c.reason().startsWith("cancelled: was "))
                        .count())
                .isEqualTo(open);
        assertThat(reported).containsExactly(started.id());
        assertThat(store.campaign(started.id()).orElseThrow().status()).isEqualTo(CampaignStatus.CANCELLED);
    }

    /** Distinct (system, sample index, set) of the campaign's candidates, straight from the store's table. */
    private long distinctSamples(String campaignId) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("xtalflow.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT gen_system || ':' || sample_index || ':' || "
                        + "sample_set) FROM candidates WHERE campaign_id = '" + campaignId + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> cifs(List<Stages.Generated> gs) {
        return gs.stream()
                .map(x -> org.xtalflow.crystal.io.CifWriter.p1(x.structure()))
                .toList();
    }

    /**
     * The real generate stage, watched: how many samples each call asks for, and how many of the
     * structures it returned before are still reachable when the next batch starts (weak
     * references after a full GC).
     */
    private static final class RecordingGenerate implements Stages.Generate {
        final GeneratorStage real = new GeneratorStage();
        final List<Integer> batches = new ArrayList<>();
        final List<WeakReference<Structure>> returned = new ArrayList<>();
        int maxSamplesPerCall;
        int maxReachableAtBatchStart;
        long produced;
        IntConsumer duringBatch = k -> {};

        @Override
        public List<Stages.Generated> generate(CampaignSpec spec, List<String> system, GenerationBatch batch) {
            System.gc();
            System.gc();
            returned.removeIf(r -> r.get() == null);
            maxReachableAtBatchStart = Math.max(maxReachableAtBatchStart, returned.size());
            maxSamplesPerCall = Math.max(maxSamplesPerCall, batch.samples());
            batches.add(batch.index());
            duringBatch.accept(batch.index());
            List<Stages.Generated> out = real.generate(spec, system, batch);
            out.forEach(g -> returned.add(new WeakReference<>(g.structure())));
            produced += out.size();
            return out;
        }
    }
}
