package org.xtalflow.hpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xtalflow.campaign.CandidateState.*;

/** The `local` scheduler: job scripts run on this machine, no SSH; same store life as a cluster. */
class LocalSchedulerTest {
    @TempDir
    Path tmp;

    @Test
    void localJobsRunFinishFailAndAreFetched() throws Exception {
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        ClusterProfile p = new ClusterProfile("local", null, 22, null, null, null, false, SchedulerKind.LOCAL,
                tmp.resolve("work").toString(), null, null, Map.of(), List.of(),
                "bash " + standin + " " + SharedData.path("vasp_outputs", "outputs"), null, 10, 1, false, TestCluster.testPolicy());
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
             ClusterSession s = ClusterSession.open(p, store)) {
            store.createCampaign("loc", null, "local", 0, null);
            Candidate ok = TestCluster.prepared(store, "loc", tmp.resolve("b"), null, null);
            Candidate bad = TestCluster.prepared(store, "loc", tmp.resolve("b"), "fail", null);
            assertThat(s.submitAll(List.of(ok.id(), bad.id()))).extracting(ClusterSession.SubmitResult::status)
                    .containsOnly(ClusterSession.SubmitStatus.SUBMITTED);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                assertThat(s.poll().schedulerCalls()).isLessThanOrEqualTo(1);
                return !store.get(ok.id()).state().isOnCluster() && !store.get(bad.id()).state().isOnCluster();
            });
            assertThat(store.get(ok.id()).state()).isEqualTo(FINISHED);
            assertThat(store.get(bad.id()).state()).isEqualTo(FAILED);
            assertThat(store.get(bad.id()).reason()).isEqualTo("exit 3");
            ClusterSession.FetchReport f = s.fetch(tmp.resolve("out"), 2);
            assertThat(f.fetched()).containsExactlyInAnyOrder(ok.id(), bad.id());
            assertThat(tmp.resolve("out").resolve(ok.id()).resolve("OSZICAR")).exists();
            assertThat(tmp.resolve("out").resolve(bad.id() + ".a1.failed").resolve("stderr.txt")).exists();
            assertThat(Files.readString(tmp.resolve("out").resolve(ok.id()).resolve("stdout.txt"))).contains("TEST DOUBLE");
            assertThat(s.hostStats().connectionsOpened()).isZero();
        }
    }
}
