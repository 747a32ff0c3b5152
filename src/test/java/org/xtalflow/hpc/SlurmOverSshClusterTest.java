package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.xtalflow.campaign.CandidateState.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.testing.SharedData;

/** Real OpenSSH + real Slurm from scripts/testenv-up.sh; VASP replaced by the named stand-in. */
@Tag("cluster")
class SlurmOverSshClusterTest {

    @TempDir
    Path tmp;

    TestCluster tc;
    String campaign;

    @BeforeEach
    void env() {
        tc = TestCluster.require();
        campaign = "it" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void campaignWithFaultsSshdRestartAndFetch() throws Exception {
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                ClusterJobs s = ClusterJobs.open(tc.profile("testslurm", campaign), store)) {
            store.createCampaign(campaign, null, "testslurm", 0, null);
            Path bundles = tmp.resolve("bundles");
            Candidate ok1 = TestCluster.prepared(store, campaign, bundles, null, null);
            Candidate ok2 = TestCluster.prepared(store, campaign, bundles, null, null);
            Candidate fail = TestCluster.prepared(store, campaign, bundles, "fail", null);
            Candidate slow = TestCluster.prepared(store, campaign, bundles, "sleep", "#SBATCH --time=1");
            Candidate cancel = TestCluster.prepared(store, campaign, bundles, "sleep", null);
            Candidate refused =
                    TestCluster.prepared(store, campaign, bundles, null, "#SBATCH --partition=nosuchpartition");
            List<Candidate> first = List.of(ok1, ok2, fail, slow, cancel, refused);

            List<ClusterJobs.SubmitResult> results =
                    s.submitAll(first.stream().map(Candidate::id).toList());
            assertThat(results)
                    .extracting(ClusterJobs.SubmitResult::status)
                    .containsExactly(
                            ClusterJobs.SubmitStatus.SUBMITTED, ClusterJobs.SubmitStatus.SUBMITTED,
                            ClusterJobs.SubmitStatus.SUBMITTED, ClusterJobs.SubmitStatus.SUBMITTED,
                            ClusterJobs.SubmitStatus.SUBMITTED, ClusterJobs.SubmitStatus.REFUSED);
            Candidate r = store.get(refused.id());
            assertThat(r.state()).isEqualTo(FAILED);
            assertThat(r.reason()).contains("sbatch refused").containsIgnoringCase("partition");
            assertThat(r.submitAttempts()).isEqualTo(1);
            assertThat(s.submitCalls()).isEqualTo(6); // one sbatch command per candidate, no retry storm

            assertThat(s.cancel(cancel.id()).ok()).isTrue();

            // sshd goes away mid-campaign: the open connection drops and reconnects fail → host paused
            tc.stopSshd();
            assertThatThrownBy(s::poll).isInstanceOf(HpcException.class);
            assertThatThrownBy(s::poll).isInstanceOf(HostPausedException.class);
            assertThat(s.hostStats().paused()).isTrue();
            // a submission while the host is down: nothing sent, the candidate stays PREPARED
            Candidate late = TestCluster.prepared(store, campaign, bundles, null, null);
            ClusterJobs.SubmitResult lateTry = s.submit(late.id());
            assertThat(lateTry.status()).isEqualTo(ClusterJobs.SubmitStatus.NOT_SENT);
            assertThat(store.get(late.id()).state()).isEqualTo(PREPARED);
            assertThat(store.get(late.id()).reason()).contains("not sent").contains("paused");
            tc.startSshd();
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        try {
                            s.poll();
                            return true;
                        } catch (HostPausedException e) {
                            return false;
                        }
                    });
            assertThat(s.hostStats().connectionsOpened()).isEqualTo(2);
            assertThat(s.submit(late.id()).status()).isEqualTo(ClusterJobs.SubmitStatus.SUBMITTED);
            List<Candidate> all = new ArrayList<>(List.of(ok1, ok2, fail, slow, cancel, refused, late));

            await().atMost(Duration.ofSeconds(200))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        ClusterJobs.PollReport pr = s.poll();
                        assertThat(pr.schedulerCalls()).isLessThanOrEqualTo(1);
                        return all.stream()
                                .allMatch(c -> store.get(c.id()).state().isOnCluster() == false);
                    });
            assertThat(store.get(ok1.id()).state()).isEqualTo(FINISHED);
            assertThat(store.get(ok2.id()).state()).isEqualTo(FINISHED);
            assertThat(store.get(late.id()).state()).isEqualTo(FINISHED);
            assertThat(store.get(late.id()).submitAttempts()).isEqualTo(2); // tried during the outage, then sent once
            assertThat(store.get(fail.id()).state()).isEqualTo(FAILED);
            assertThat(store.get(fail.id()).reason()).contains("FAILED");
            assertThat(store.get(slow.id()).state()).isEqualTo(TIMEOUT);
            assertThat(store.get(cancel.id()).state()).isEqualTo(FAILED);
            assertThat(store.get(cancel.id()).reason()).contains("CANCELLED");

            // no job lost or doubled: exactly one Slurm job per submitted candidate
            String squeue = tc.slurm("squeue", "--noheader", "--states=all", "--format=%j");
            for (Candidate c : all) {
                long n = squeue.lines()
                        .filter(l -> l.trim().equals("xf-" + c.id()))
                        .count();
                assertThat(n).as("jobs named xf-%s", c.id()).isEqualTo(c == refused ? 0 : 1);
            }

            Path out = tmp.resolve("results");
            ClusterJobs.FetchReport fr = s.fetch(out, 3);
            assertThat(fr.failed()).isEmpty();
            assertThat(fr.fetched()).contains(ok1.id(), ok2.id(), fail.id());
            assertThat(Files.mismatch(out.resolve(ok1.id()).resolve("vasprun.xml"), gunzipped("vasprun.xml.gz")))
                    .isEqualTo(-1);
            assertThat(out.resolve(ok2.id()).resolve("OSZICAR")).exists();
            assertThat(Files.readString(out.resolve(fail.id() + ".a1.failed").resolve("stderr.txt")))
                    .contains("simulated VASP failure");
            assertThat(out.resolve(fail.id())).doesNotExist(); // the harvest reads <id>/ for FINISHED jobs only
            assertThat(s.fetch(out, 3).fetched()).isEmpty(); // idempotent: nothing fetched twice
        }
    }

    @Test
    void maxQueuedJobsCapTricklesWorkIn() throws Exception {
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                ClusterJobs s =
                        ClusterJobs.open(tc.profile("capped", campaign, tc.port, tc.knownHosts, 2, Map.of()), store)) {
            store.createCampaign(campaign, null, "capped", 0, null);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++)
                ids.add(TestCluster.prepared(store, campaign, tmp.resolve("b"), null, null)
                        .id());
            List<ClusterJobs.SubmitResult> r = s.submitAll(ids);
            assertThat(r)
                    .extracting(ClusterJobs.SubmitResult::status)
                    .containsExactly(
                            ClusterJobs.SubmitStatus.SUBMITTED,
                            ClusterJobs.SubmitStatus.SUBMITTED,
                            ClusterJobs.SubmitStatus.DEFERRED);
            assertThat(store.get(ids.get(2)).state()).isEqualTo(PREPARED);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        s.poll();
                        return store.countOnCluster("capped") == 0;
                    });
            assertThat(s.submit(ids.get(2)).status()).isEqualTo(ClusterJobs.SubmitStatus.SUBMITTED);
        }
    }

    static Path gunzipped(String name) throws IOException {
        Path out = Files.createTempFile("xf-expected", ".xml");
        out.toFile().deleteOnExit();
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(SharedData.path("vasp_outputs", "outputs", name)))) {
            Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }
}
