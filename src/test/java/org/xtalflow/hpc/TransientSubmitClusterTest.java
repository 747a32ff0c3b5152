package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.campaign.StoreEvent;

/**
 * A submission that fails in a way that passes, against real OpenSSH and the real test Slurm: the
 * first sbatch runs with a slurm.conf whose controller port nobody listens on, so real sbatch
 * answers "Unable to contact slurm controller (connect failure)" after its own retries. The
 * candidate must not end FAILED: it stays SUBMITTING, other submissions back off, the
 * reconciliation looks its job name up (squeue; the profile declares accounting, the test Slurm has
 * none, so sacct is probed and left out) and makes it PREPARED, and it is submitted again — one
 * Slurm job in the end.
 */
@Tag("cluster")
class TransientSubmitClusterTest {

    @TempDir
    Path tmp;

    @Test
    void anUnreachableControllerIsRetriedWithBackoffAndMakesOneJob() throws Exception {
        TestCluster tc = TestCluster.require();
        String campaign = "tr" + UUID.randomUUID().toString().substring(0, 8);
        ClusterProfile base = tc.profile("testslurm", campaign);
        ClusterProfile p = new ClusterProfile(
                base.name(),
                base.host(),
                base.port(),
                base.user(),
                base.keyFile(),
                base.knownHosts(),
                base.trustOnFirstUse(),
                base.scheduler(),
                base.workRoot(),
                base.job(),
                base.maxQueuedJobs(),
                base.pollIntervalSeconds(),
                true,
                base.ssh());
        Path deadConf = tmp.resolve("unreachable-slurm.conf");
        Files.writeString(
                deadConf, Files.readString(tc.slurmConf).replaceAll("(?m)^SlurmctldPort=.*$", "SlurmctldPort=9"));
        SshHost ssh = new SshHost(p);
        AtomicBoolean first = new AtomicBoolean(true);
        RemoteHost host = new InterceptedHost(
                ssh,
                command -> ssh.exec(
                        command.contains("sbatch --parsable") && first.getAndSet(false)
                                ? command.replace(
                                        "sbatch --parsable",
                                        "SLURM_CONF=" + SafeName.quote(deadConf.toString()) + " sbatch --parsable")
                                : command));
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                ClusterJobs jobs =
                        new ClusterJobs(p, host, new SlurmScheduler(), store, SafeArchive.Limits.defaults())) {
            store.createCampaign(campaign, null, "testslurm", 0, null);
            Path bundles = tmp.resolve("bundles");
            Candidate a = TestCluster.prepared(store, campaign, bundles, null, null);
            Candidate b = TestCluster.prepared(store, campaign, bundles, null, null);

            ClusterJobs.SubmitResult ra = jobs.submit(a.id());
            assertThat(ra.status()).isEqualTo(ClusterJobs.SubmitStatus.TRANSIENT);
            assertThat(ra.reason()).contains("Unable to contact slurm controller");
            assertThat(store.get(a.id()).state()).isEqualTo(CandidateState.SUBMITTING);
            // the controller is sick: the next submission waits, PREPARED
            ClusterJobs.SubmitResult rb = jobs.submit(b.id());
            assertThat(rb.status()).isEqualTo(ClusterJobs.SubmitStatus.DEFERRED);
            assertThat(rb.reason()).contains("backing off");
            assertThat(store.get(b.id()).state()).isEqualTo(CandidateState.PREPARED);

            // after the backoff the poll's reconciliation finds no job named xf-<a> and frees it
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        jobs.poll();
                        return store.get(a.id()).state() == CandidateState.PREPARED;
                    });
            assertThat(jobs.accounting())
                    .as("sacct probed: the test Slurm has no accounting")
                    .isFalse();
            List<String> events = store.events(a.id()).stream()
                    .map(StoreEvent::message)
                    .filter(m -> m != null)
                    .toList();
            assertThat(events).anyMatch(m -> m.contains("failed in a way that passes"));
            assertThat(events).anyMatch(m -> m.startsWith("reconciled: no job named"));

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> jobs.submit(a.id()).status() == ClusterJobs.SubmitStatus.SUBMITTED);
            assertThat(jobs.submit(b.id()).status()).isEqualTo(ClusterJobs.SubmitStatus.SUBMITTED);
            assertThat(store.get(a.id()).submitAttempts()).isEqualTo(2);
            String names = tc.slurm("squeue", "--noheader", "--states=all", "--format=%j");
            for (Candidate c : List.of(a, b)) {
                assertThat(names.lines().filter(n -> n.trim().equals("xf-" + c.id())))
                        .as("Slurm jobs named xf-%s", c.id())
                        .hasSize(1);
            }
        }
    }
}
