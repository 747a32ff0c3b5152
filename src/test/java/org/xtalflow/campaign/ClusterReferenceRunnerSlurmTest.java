package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Element;
import org.xtalflow.dft.GpawEngine;
import org.xtalflow.dft.ReferencePhases;
import org.xtalflow.hpc.ClusterConnection;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.ClusterProfiles;
import org.xtalflow.testing.TestCluster;
import org.xtalflow.thermo.ComputedEntry;

/**
 * Same-engine references as jobs of the real test Slurm through SSH (scripts/testenv-up.sh) and
 * real GPAW (GpawTestSet): bcc Li's bundle is submitted as {@code xf-ref-el-Li}, polled, its
 * results fetched as a checked archive, read by the GPAW reader and cached; fcc Al's job, given
 * a one-second limit, is cancelled in Slurm and named as failed with the reason. Nothing runs on
 * this side ({@link LocalReferenceRunner#jobsRun()} unchanged).
 */
@Tag("cluster")
class ClusterReferenceRunnerSlurmTest {

    @TempDir
    Path tmp;

    @Test
    void referencesRunAsSlurmJobsAndOneOverItsLimitIsCancelledAndNamed() throws Exception {
        Map<String, String> env = TestCluster.require();
        ClusterProfile profile = profile(env, 1);
        GpawEngine gpaw = gpaw();
        String hash = gpaw.settingsHash("test");
        long localJobs = LocalReferenceRunner.jobsRun();
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("s.db"));
                ClusterConnection cluster = ClusterConnection.open(profile)) {
            EngineReferences refs =
                    new EngineReferences(store, org.xtalflow.screen.KnownStructures.builtin()::forEachStructure);
            ReferenceRunner slurm = new ClusterReferenceRunner(
                    cluster, tmp.resolve("results"), Duration.ofSeconds(1), Duration.ofMinutes(10));
            assertThat(slurm.where()).isEqualTo("cluster testenv (slurm)");

            Map<String, String> failed =
                    refs.compute(gpaw, "test", elemental(refs, gpaw, "Li"), tmp.resolve("refs"), slurm);
            assertThat(failed).isEmpty();
            List<ComputedEntry> cached = refs.cachedEntries("gpaw", hash);
            assertThat(cached).extracting(e -> e.composition().reducedFormula()).containsExactly("Li");
            assertThat(cached.get(0).energyPerAtom()).isBetween(-3.0, -1.0);
            assertThat(cached.get(0).parameters().path("settings_hash").asText())
                    .isEqualTo(hash);
            try (var fetched = Files.list(tmp.resolve("results").resolve("references"))) {
                assertThat(fetched.map(x -> x.getFileName().toString())).anyMatch(n -> n.startsWith("ref-el-Li."));
            }

            ReferenceRunner hurried = new ClusterReferenceRunner(
                    cluster, tmp.resolve("results"), Duration.ofSeconds(1), Duration.ofSeconds(1));
            Map<String, String> cut =
                    refs.compute(gpaw, "test", elemental(refs, gpaw, "Al"), tmp.resolve("refs"), hurried);
            assertThat(cut).containsOnlyKeys("el-Al");
            assertThat(cut.get("el-Al")).contains("on testenv still unfinished after 1 s: cancelled");
            assertThat(refs.cachedEntries("gpaw", hash)).hasSize(1);
        }
        ProcessBuilder squeue = new ProcessBuilder("squeue", "--states=all", "-h", "-o", "%j|%T");
        squeue.environment().put("SLURM_CONF", env.get("XTALFLOW_TEST_SLURM_CONF"));
        Process q = squeue.redirectErrorStream(true).start();
        String queue = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor()).as("squeue: " + queue).isZero();
        assertThat(queue).contains("xf-ref-el-Li|COMPLETED", "xf-ref-el-Al|");
        assertThat(LocalReferenceRunner.jobsRun()).isEqualTo(localJobs);
    }

    /**
     * An application stop while a reference job runs (the worker is interrupted, as {@link
     * ReferenceWork#close} does) leaves the job in Slurm's queue; the next run, on a new connection,
     * takes that job up from its record instead of submitting it again, and caches its entry.
     */
    @Test
    void aReferenceJobStillInTheQueueAfterAStopIsTakenUpNotSubmittedAgain() throws Exception {
        ClusterProfile profile = profile(TestCluster.require(), 2);
        GpawEngine gpaw = gpaw();
        String hash = gpaw.settingsHash("test");
        Path results = tmp.resolve("results");
        Path record = results.resolve("references").resolve("submitted").resolve("ref-el-Li.job");
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("s.db"))) {
            EngineReferences refs =
                    new EngineReferences(store, org.xtalflow.screen.KnownStructures.builtin()::forEachStructure);
            List<ReferencePhases.Phase> li = elemental(refs, gpaw, "Li");

            // the first application: submits, then is stopped while the job is in the queue
            Map<String, String> firstFailed = new java.util.concurrent.ConcurrentHashMap<>();
            try (ClusterConnection first = ClusterConnection.open(profile)) {
                ReferenceRunner runner =
                        new ClusterReferenceRunner(first, results, Duration.ofSeconds(1), Duration.ofMinutes(10));
                Thread worker = new Thread(
                        () -> firstFailed.putAll(refs.compute(gpaw, "test", li, tmp.resolve("refs"), runner)));
                worker.start();
                for (int i = 0; i < 600 && !Files.exists(record) && worker.isAlive(); i++) {
                    Thread.sleep(100);
                }
                assertThat(record).as("the submitted job is recorded").exists();
                // an interrupt that lands inside an SSH call may be swallowed there: stop as close() would, until it
                // ends
                for (int i = 0; i < 100 && worker.isAlive(); i++) {
                    worker.interrupt();
                    worker.join(200);
                }
                assertThat(worker.isAlive()).isFalse();
                assertThat(first.submitCalls()).isEqualTo(1);
            }
            assertThat(firstFailed).containsOnlyKeys("el-Li");
            assertThat(firstFailed.get("el-Li")).contains("interrupted");
            assertThat(refs.cachedEntries("gpaw", hash)).isEmpty();
            String jobId = props(record).getProperty("job_id");

            // the next application: same results folder, a new connection
            try (ClusterConnection next = ClusterConnection.open(profile)) {
                ReferenceRunner runner =
                        new ClusterReferenceRunner(next, results, Duration.ofSeconds(1), Duration.ofMinutes(10));
                Map<String, String> failed = refs.compute(gpaw, "test", li, tmp.resolve("refs"), runner);
                assertThat(failed).isEmpty();
                assertThat(next.submitCalls()).as("no second submission").isZero();
            }
            assertThat(refs.cachedEntries("gpaw", hash))
                    .extracting(e -> e.composition().reducedFormula())
                    .containsExactly("Li");
            assertThat(results.resolve("references").resolve("ref-el-Li." + jobId))
                    .isDirectory();
            assertThat(record)
                    .as("the record goes once the job's end is taken in")
                    .doesNotExist();
        }
    }

    /** The test Slurm through SSH as a GPAW cluster, in a work root of its own. */
    private ClusterProfile profile(Map<String, String> env, int maxQueuedJobs) throws java.io.IOException {
        String work = Path.of(env.get("XTALFLOW_TEST_WORK_ROOT"))
                .resolve("refs-" + UUID.randomUUID().toString().substring(0, 8))
                .toString();
        Path yaml = Files.writeString(
                tmp.resolve("clusters.yaml"),
                "clusters:\n" + TestCluster.profileYaml("testenv", env, work, """
                        engine: gpaw
                        gpaw_python: /usr/bin/python3
                        mpi_ranks: 1
                        resources: {ntasks: "1", time: "00:10:00"}
                        max_queued_jobs: %d
                        poll_interval_s: 1
                        ssh: {min_connect_interval_s: 0.2, commands_per_minute: 6000}""".formatted(maxQueuedJobs)));
        return ClusterProfiles.load(yaml).get("testenv");
    }

    private static GpawEngine gpaw() {
        return GpawEngine.of(
                Path.of("templates"),
                BatchSystem.SLURM,
                new JobResources("", "", 1, 1, "00:10:00", List.of(), "unused", "", Map.of()),
                "/usr/bin/python3");
    }

    private static java.util.Properties props(Path file) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    /** The element's own ground state among its phases (el-X). */
    private static List<ReferencePhases.Phase> elemental(EngineReferences refs, GpawEngine gpaw, String symbol) {
        return refs.phases(gpaw, "test", Set.of(Element.of(symbol)), 1).phases().stream()
                .filter(p -> p.id().equals("el-" + symbol))
                .toList();
    }
}
