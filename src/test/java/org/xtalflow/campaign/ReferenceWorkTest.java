package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Element;
import org.xtalflow.dft.GpawEngine;
import org.xtalflow.gpaw.GpawBundleWriter;

/**
 * The references leave the campaign's start path: {@link ReferenceWork#plan} only queues them
 * (the jobs run on the worker thread), a harvest whose hull needs one still being computed waits
 * and is told when the batch ends, a failed reference is named with its reason, and a new
 * process (a restart) plans again only what the store's cache lacks. The runner is a test double
 * for a cluster: it replays real GPAW results recorded for this system
 * (src/test/resources/gpaw/li-na-al, SOURCE.md) once the test releases it, and reports el-Na's job
 * as failed as a scheduler would.
 */
class ReferenceWorkTest {

    private static final Path RECORDED = Path.of("src/test/resources/gpaw/li-na-al");

    @TempDir
    Path tmp;

    /** Replays recorded gpaw-result.json files (el-Na's job "failed") after {@code release} opens. */
    private static final class RecordedRunsCluster implements ReferenceRunner {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());
        final Path results;

        RecordedRunsCluster(Path results) {
            this.results = results;
        }

        @Override
        public Map<String, Path> run(Map<String, Path> bundles, Map<String, String> failed) {
            threads.add(Thread.currentThread().getName());
            asked.addAll(bundles.keySet());
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test runner never released");
                }
                Map<String, Path> out = new LinkedHashMap<>();
                for (String id : bundles.keySet()) {
                    Path rec = RECORDED.resolve(id + ".gpaw-result.json");
                    if (id.equals("el-Na") || !Files.exists(rec)) {
                        failed.put(id, "job 17 ended FAILED (recorded-runs test cluster)");
                        continue;
                    }
                    Path d = Files.createDirectories(results.resolve(id));
                    Files.copy(rec, d.resolve(GpawBundleWriter.RESULT));
                    out.put(id, d);
                }
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String where() {
            return "recorded-runs test cluster";
        }
    }

    private static GpawEngine engine() {
        return GpawEngine.of(
                Path.of("templates"),
                BatchSystem.SLURM,
                new JobResources("", "", 1, 1, "01:00:00", List.of(), "unused", "", Map.of()),
                "/usr/bin/python3");
    }

    @Test
    void referencesAreComputedInTheBackgroundAndAWaitingHarvestIsToldWhenTheyArrive() throws Exception {
        GpawEngine gpaw = engine();
        String hash = gpaw.settingsHash("test");
        Set<Element> liNa = Set.of(Element.of("Li"), Element.of("Na"));
        Set<Element> li = Set.of(Element.of("Li"));
        try (CandidateStore store = CandidateStore.open(StoreConfig.sqlite(tmp.resolve("s.db")))) {
            EngineReferences refs =
                    new EngineReferences(store, org.xtalflow.screen.KnownStructures.builtin()::forEachStructure);
            RecordedRunsCluster cluster = new RecordedRunsCluster(tmp.resolve("fetched"));
            List<String> arrived = Collections.synchronizedList(new ArrayList<>());
            try (ReferenceWork work = new ReferenceWork(refs, tmp.resolve("references"))) {
                work.onArrived(arrived::addAll);
                // returns at once although the runner holds the batch: nothing runs on this thread
                int queued = work.plan(gpaw, "test", liNa, 4, cluster);
                assertThat(queued).isGreaterThanOrEqualTo(2);
                assertThat(work.busy()).isTrue();
                assertThat(work.plan(gpaw, "test", liNa, 4, cluster))
                        .as("planned once while in progress")
                        .isZero();
                assertThatThrownBy(() -> work.awaitOrThrow("gpaw", hash, li, "cand-1"))
                        .isInstanceOf(ReferencesPendingException.class)
                        .hasMessageContaining("cand-1")
                        .hasMessageContaining("el-Li");
                assertThat(arrived).isEmpty();
                assertThat(work.pendingWithin("gpaw", hash, liNa)).contains("el-Li", "el-Na");
                assertThat(work.pendingWithin("gpaw", hash, li))
                        .contains("el-Li")
                        .doesNotContain("el-Na");

                cluster.release.countDown();
                await().atMost(Duration.ofSeconds(60)).until(() -> !work.busy());
                await().atMost(Duration.ofSeconds(10)).until(() -> arrived.contains("cand-1"));

                assertThat(cluster.threads).containsOnly("xtalflow-references");
                assertThat(cluster.asked).contains("el-Li", "el-Na");
                work.awaitOrThrow("gpaw", hash, li, "cand-1"); // nothing pending any more
                assertThat(refs.analysisFor("gpaw", hash, li).references().describe())
                        .contains(EngineReferences.SAME_ENGINE);
                assertThat(work.failuresWithin("gpaw", hash, liNa))
                        .contains("el-Na: job 17 ended FAILED (recorded-runs test cluster)");
                assertThat(work.failuresWithin("gpaw", hash, li)).isEmpty();
                assertThatThrownBy(() -> refs.analysisFor("gpaw", hash, liNa)).hasMessageContaining("Na");
                // a candidate of Li-Na now fails, naming the reference that failed and why
                assertThatThrownBy(() -> work.hullFor("gpaw", hash, liNa, "cand-2"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("for Na")
                        .hasMessageContaining(
                                "references that failed: el-Na: job 17 ended FAILED (recorded-runs test cluster)");
                assertThat(work.hullFor("gpaw", hash, li, "cand-3").references().compounds())
                        .isEmpty();
            }
            // a restart: the cache is the truth, only what it lacks is planned again
            RecordedRunsCluster again = new RecordedRunsCluster(tmp.resolve("fetched-again"));
            again.release.countDown();
            try (ReferenceWork work = new ReferenceWork(refs, tmp.resolve("references"))) {
                assertThat(work.plan(gpaw, "test", liNa, 4, again)).isPositive();
                await().atMost(Duration.ofSeconds(60)).until(() -> !work.busy());
                assertThat(again.asked).contains("el-Na").doesNotContain("el-Li");
            }
        }
    }
}
