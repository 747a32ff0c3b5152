package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xtalflow.campaign.CandidateState.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.testing.SharedData;

/** The `local` scheduler: job scripts run on this machine, no SSH; same store life as a cluster. */
class LocalSchedulerTest {
    @TempDir
    Path tmp;

    @Test
    void localJobsRunFinishFailAndAreFetched() throws Exception {
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        ClusterProfile p = new ClusterProfile(
                "local",
                null,
                22,
                null,
                null,
                null,
                false,
                BatchSystem.LOCAL,
                tmp.resolve("work").toString(),
                new JobResources(
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        "bash " + standin + " " + SharedData.path("vasp_outputs", "outputs"),
                        null,
                        Map.of()),
                10,
                1,
                false,
                TestCluster.testPolicy());
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                ClusterJobs s = ClusterJobs.open(p, store)) {
            store.createCampaign("loc", null, "local", 0, null);
            Candidate ok = TestCluster.prepared(store, "loc", tmp.resolve("b"), null, null);
            Candidate bad = TestCluster.prepared(store, "loc", tmp.resolve("b"), "fail", null);
            assertThat(s.submitAll(List.of(ok.id(), bad.id())))
                    .extracting(ClusterJobs.SubmitResult::status)
                    .containsOnly(ClusterJobs.SubmitStatus.SUBMITTED);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        assertThat(s.poll().schedulerCalls()).isLessThanOrEqualTo(1);
                        return !store.get(ok.id()).state().isOnCluster()
                                && !store.get(bad.id()).state().isOnCluster();
                    });
            assertThat(store.get(ok.id()).state()).isEqualTo(FINISHED);
            assertThat(store.get(bad.id()).state()).isEqualTo(FAILED);
            assertThat(store.get(bad.id()).reason()).isEqualTo("exit 3");
            ClusterJobs.FetchReport f = s.fetch(tmp.resolve("out"), 2);
            assertThat(f.fetched()).containsExactlyInAnyOrder(ok.id(), bad.id());
            assertThat(tmp.resolve("out").resolve(ok.id()).resolve("OSZICAR")).exists();
            assertThat(tmp.resolve("out").resolve(bad.id() + ".a1.failed").resolve("stderr.txt"))
                    .exists();
            assertThat(Files.readString(tmp.resolve("out").resolve(ok.id()).resolve("stdout.txt")))
                    .contains("TEST DOUBLE");
            assertThat(s.hostStats().connectionsOpened()).isZero();
        }
    }
    /**
     * SUBMITTING candidates a killed application left while nothing else waits to be submitted: the
     * poll alone settles them. Never started (no started file): PREPARED. Started a moment ago
     * without a job: left SUBMITTING (an earlier submit may still create one), PREPARED once that
     * is older than the in-doubt window. A job under the candidate's name: adopted (SUBMITTED), counted once in
     * the funnel.
     */
    @Test
    void pollReconcilesSubmittingLeftoversWithNothingLeftToSubmit() throws Exception {
        ClusterProfile p = new ClusterProfile(
                "local",
                null,
                22,
                null,
                null,
                null,
                false,
                BatchSystem.LOCAL,
                tmp.resolve("work").toString(),
                new JobResources(null, null, null, null, null, List.of(), "true", null, Map.of()),
                10,
                1,
                false,
                TestCluster.testPolicy());
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                ClusterJobs s = ClusterJobs.open(p, store)) {
            store.createCampaign("rec", null, "local", 0, null);
            Candidate never = submitting(store, p, TestCluster.prepared(store, "rec", tmp.resolve("b"), null, null));
            Candidate started = submitting(store, p, TestCluster.prepared(store, "rec", tmp.resolve("b"), null, null));
            Candidate accepted = submitting(store, p, TestCluster.prepared(store, "rec", tmp.resolve("b"), null, null));
            Path startedFile =
                    Files.createDirectories(Path.of(started.remoteDir())).resolve(ClusterConnection.STARTED);
            Files.writeString(startedFile, "");
            Path acceptedDir = Files.createDirectories(Path.of(accepted.remoteDir()));
            Files.writeString(acceptedDir.resolve(ClusterConnection.STARTED), "");
            // a live process as the "job" (the local scheduler's job id is a pid): this test's JVM
            String pid = Long.toString(ProcessHandle.current().pid());
            Files.writeString(acceptedDir.resolve(Scheduler.MARKER), pid + "\n");

            s.poll();
            assertThat(store.get(never.id()).state()).isEqualTo(PREPARED);
            assertThat(store.events(never.id())
                            .get(store.events(never.id()).size() - 1)
                            .message())
                    .contains("the submit command never ran");
            assertThat(store.get(started.id()).state()).isEqualTo(SUBMITTING);
            assertThat(store.get(accepted.id()).state()).isEqualTo(RUNNING); // adopted, then polled in the same round
            assertThat(store.get(accepted.id()).jobId()).isEqualTo(pid);
            assertThat(store.events(accepted.id()))
                    .extracting(org.xtalflow.campaign.StoreEvent::message)
                    .anyMatch(m -> m != null && m.startsWith("reconciled: scheduler has job " + pid));
            assertThat(store.funnel("rec").get("submit")).containsExactly(Map.entry("submitted", 1L));

            Files.setLastModifiedTime(
                    startedFile,
                    java.nio.file.attribute.FileTime.fromMillis(
                            System.currentTimeMillis() - s.inDoubtMillis() - 5_000));
            s.poll();
            assertThat(store.get(started.id()).state()).isEqualTo(PREPARED);
            assertThat(store.events(started.id())
                            .get(store.events(started.id()).size() - 1)
                            .message())
                    .contains("made no job");
            assertThat(store.funnel("rec").get("submit")).containsExactly(Map.entry("submitted", 1L));
        }
    }

    /** PREPARED -> SUBMITTING in attempt folder a1, as a submitter killed right after its commit leaves it. */
    private static Candidate submitting(CandidateStore store, ClusterProfile p, Candidate c) {
        return store.transition(
                c.id(),
                PREPARED,
                SUBMITTING,
                org.xtalflow.campaign.CandidateChange.none()
                        .withCluster(p.name())
                        .withRemoteDir(p.jobDir(c.id()) + "/a1"));
    }
}
