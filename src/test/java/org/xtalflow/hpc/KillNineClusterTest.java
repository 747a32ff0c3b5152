package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.xtalflow.campaign.CandidateState.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;

/**
 * The submitting client is a separate JVM killed with SIGKILL between the store's SUBMITTING
 * commit and sbatch, or between sbatch and the store update. A fresh client reconciles: exactly
 * one Slurm job per candidate in both cases.
 */
@Tag("cluster")
class KillNineClusterTest {

    @TempDir
    Path tmp;

    TestCluster tc;
    String campaign;

    @BeforeEach
    void env() {
        tc = TestCluster.require();
        campaign = "k9" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"after-sbatch", "before-sbatch"})
    void killedClientIsReconciledNotResubmitted(String point) throws Exception {
        Path storeFile = tmp.resolve("store.db");
        Candidate c;
        try (CandidateStore store = CandidateStore.openSqlite(storeFile)) {
            store.createCampaign(campaign, null, "testslurm", 0, null);
            c = TestCluster.prepared(store, campaign, tmp.resolve("bundles"), null, null);
        }

        Process child = startClient(storeFile, c.id(), point);
        String announced;
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            announced = waitForLine(r, child);
        }
        assertThat(announced).startsWith(point.equals("after-sbatch") ? "AFTER-SBATCH " : "BEFORE-SBATCH");
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);

        try (CandidateStore store = CandidateStore.openSqlite(storeFile);
                ClusterJobs s = ClusterJobs.open(tc.profile("testslurm", campaign), store)) {
            assertThat(store.get(c.id()).state()).isEqualTo(SUBMITTING);
            ClusterJobs.ReconcileReport rr = s.reconcile();
            if (point.equals("after-sbatch")) {
                String jobId = announced.substring("AFTER-SBATCH ".length());
                assertThat(rr.byName() + rr.byMarker()).isEqualTo(1);
                Candidate after = store.get(c.id());
                assertThat(after.state()).isEqualTo(SUBMITTED);
                assertThat(after.jobId()).isEqualTo(jobId);
                assertThatThrownBy(() -> s.submit(c.id())).hasMessageContaining("not PREPARED");
            } else {
                assertThat(rr.reset()).isEqualTo(1);
                assertThat(store.get(c.id()).state()).isEqualTo(PREPARED);
                assertThat(s.submit(c.id()).status()).isEqualTo(ClusterJobs.SubmitStatus.SUBMITTED);
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        s.poll();
                        return store.get(c.id()).state() == FINISHED;
                    });
            String squeue = tc.slurm("squeue", "--noheader", "--states=all", "--format=%j");
            assertThat(squeue.lines()
                            .filter(l -> l.trim().equals("xf-" + c.id()))
                            .count())
                    .as("Slurm jobs for candidate %s", c.id())
                    .isEqualTo(1);
        }
    }

    /**
     * A crash left a candidate SUBMITTING whose job already left Slurm's queue (older than
     * MinJobAge): only the remote marker knows the job id. Reconciled by marker, not resubmitted;
     * then, with no accounting to ask, the poll says plainly that the end state is unknown.
     */
    @org.junit.jupiter.api.Test
    void reconcileFindsTheJobByRemoteMarkerWhenTheQueueForgotIt() throws Exception {
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                ClusterJobs s = ClusterJobs.open(tc.profile("testslurm", campaign), store)) {
            store.createCampaign(campaign, null, "testslurm", 0, null);
            Candidate c = TestCluster.prepared(store, campaign, tmp.resolve("bundles"), null, null);
            String dir = tc.profile("testslurm", campaign).jobDir(c.id()) + "/a1";
            store.transition(
                    c.id(),
                    PREPARED,
                    SUBMITTING,
                    org.xtalflow.campaign.CandidateChange.none()
                            .withCluster("testslurm")
                            .withRemoteDir(dir));
            assertThat(s.host()
                            .exec("mkdir -p '" + dir + "' && echo 987654 > '" + dir + "/.xtalflow-jobid'")
                            .ok())
                    .isTrue();
            ClusterJobs.ReconcileReport rr = s.reconcile();
            assertThat(rr.byMarker()).isEqualTo(1);
            assertThat(rr.reset()).isZero();
            assertThat(store.get(c.id()).state()).isEqualTo(SUBMITTED);
            assertThat(store.get(c.id()).jobId()).isEqualTo("987654");
            assertThat(s.poll().transitions()).isZero(); // absent once: wait and see
            assertThat(s.poll().transitions()).isEqualTo(1); // absent twice: say so
            assertThat(store.get(c.id()).state()).isEqualTo(FAILED);
            assertThat(store.get(c.id()).reason()).contains("left the queue without a known final state");
            assertThat(store.get(c.id()).submitAttempts()).isEqualTo(1);
        }
    }

    private Process startClient(Path storeFile, String candidateId, String point) throws Exception {
        String cp = "target/test-classes:target/classes:"
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dxtalflow.shared=" + System.getProperty("xtalflow.shared", "../shared"),
                "-cp",
                cp,
                CrashingSubmitClient.class.getName(),
                storeFile.toString(),
                campaign,
                candidateId,
                point));
        return new ProcessBuilder(cmd)
                .redirectError(tmp.resolve("client.err").toFile())
                .start();
    }

    private static String waitForLine(BufferedReader r, Process child) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("AFTER-SBATCH") || line.startsWith("BEFORE-SBATCH")) return line;
            if (System.currentTimeMillis() > deadline) break;
        }
        throw new AssertionError("client exited (" + (child.isAlive() ? "alive" : child.exitValue())
                + ") without reaching the kill point");
    }
}
