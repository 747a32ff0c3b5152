package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xtalflow.campaign.CandidateState.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;

/** Result downloads over the real sshd: cut off halfway (retried, never half-unpacked) and hostile archives. */
@Tag("cluster")
class FetchFaultsClusterTest {

    @TempDir
    Path tmp;

    TestCluster tc;
    String campaign;

    @BeforeEach
    void env() {
        tc = TestCluster.require();
        campaign = "ff" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void downloadCutOffHalfwayIsRetriedAndNeverHalfUnpacked() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(tc.port)) {
            // the relay listens on its own port: known_hosts must name that port
            String line = Files.readAllLines(tc.knownHosts).get(0);
            Path kh = tmp.resolve("known_hosts");
            Files.writeString(kh, line.replace("]:" + tc.port + " ", "]:" + proxy.port() + " ") + "\n");
            ClusterProfile p = tc.profile("viaproxy", campaign, proxy.port(), kh, 100, Map.of());
            try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                    ClusterJobs s = ClusterJobs.open(p, store)) {
                store.createCampaign(campaign, null, "viaproxy", 0, null);
                Candidate c = TestCluster.prepared(store, campaign, tmp.resolve("b"), null, null);
                assertThat(s.submit(c.id()).status()).isEqualTo(ClusterJobs.SubmitStatus.SUBMITTED);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            s.poll();
                            return store.get(c.id()).state() == FINISHED;
                        });
                Path out = tmp.resolve("results");

                // one attempt only: the cut leaves nothing behind
                proxy.armCutAfter(400_000);
                ClusterJobs.FetchReport first = s.fetch(out, 1);
                assertThat(first.fetched()).isEmpty();
                assertThat(first.failed()).containsKey(c.id());
                assertThat(proxy.cuts.get()).isEqualTo(1);
                assertThat(out.resolve(c.id())).doesNotExist();
                try (Stream<Path> left = Files.list(out)) {
                    assertThat(left.toList()).as("leftovers in %s", out).isEmpty();
                }
                assertThat(store.get(c.id()).state()).isEqualTo(FINISHED);

                // with retries: cut again, reconnected, downloaded whole
                proxy.armCutAfter(400_000);
                long before = s.hostStats().connectionsOpened();
                ClusterJobs.FetchReport second = s.fetch(out, 3);
                assertThat(second.fetched()).containsExactly(c.id());
                assertThat(proxy.cuts.get()).isEqualTo(2);
                assertThat(s.hostStats().connectionsOpened()).isGreaterThanOrEqualTo(before + 1);
                assertThat(Files.mismatch(
                                out.resolve(c.id()).resolve("vasprun.xml"),
                                SlurmOverSshClusterTest.gunzipped("vasprun.xml.gz")))
                        .isEqualTo(-1);
                try (Stream<Path> left = Files.list(out)) {
                    assertThat(left.map(x -> x.getFileName().toString()).toList())
                            .containsExactly(c.id());
                }
            }
        }
    }

    @Test
    void hostileResultsArchivesFromTheClusterAreRejected() throws Exception {
        SafeArchive.Limits limits = new SafeArchive.Limits(1 << 20, 2 << 20, 100);
        ClusterProfile p = tc.profile("testslurm", campaign);
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                SshHost host = new SshHost(p);
                ClusterJobs s = new ClusterJobs(p, host, new SlurmScheduler(), store, limits)) {
            store.createCampaign(campaign, null, "testslurm", 0, null);
            Map<String, Path> hostile = Map.of(
                    "traversal", HostileArchives.traversal(tmp.resolve("t.tgz")),
                    "symlink", HostileArchives.symlink(tmp.resolve("s.tgz")),
                    "huge", HostileArchives.huge(tmp.resolve("h.tgz"), 3L << 20));
            Map<String, String> expected = Map.of("traversal", "'..'", "symlink", "link to", "huge", "per-file cap");
            Map<String, String> idOf = new java.util.HashMap<>();
            for (Map.Entry<String, Path> e : hostile.entrySet()) {
                // a candidate whose job "finished" and whose folder on the cluster holds the hostile archive
                Candidate c = TestCluster.prepared(store, campaign, tmp.resolve("b"), null, null);
                String dir = p.jobDir(c.id()) + "/a1";
                store.transition(
                        c.id(),
                        PREPARED,
                        SUBMITTING,
                        CandidateChange.none().withCluster(p.name()).withRemoteDir(dir));
                store.transition(
                        c.id(), SUBMITTING, SUBMITTED, CandidateChange.none().withJobId("0"));
                store.transition(c.id(), SUBMITTED, FINISHED, null);
                host.upload(e.getValue(), dir + "/" + ClusterConnection.RESULTS);
                idOf.put(e.getKey(), c.id());
            }
            Path out = tmp.resolve("results");
            ClusterJobs.FetchReport r = s.fetch(out, 3);
            assertThat(r.fetched()).isEmpty();
            for (String kind : List.of("traversal", "symlink", "huge")) {
                String id = idOf.get(kind);
                assertThat(r.failed().get(id)).as(kind).contains("rejected").contains(expected.get(kind));
                assertThat(out.resolve(id)).doesNotExist();
            }
            assertThat(out).as("fetch report %s", r).isDirectory();
            try (Stream<Path> left = Files.list(out)) {
                assertThat(left.toList()).isEmpty();
            }
            assertThat(tmp.resolve("evil.txt")).doesNotExist();
            assertThat(out.getParent().getParent().resolve("evil.txt")).doesNotExist();
            // hostile archives are not downloaded again and again: one transfer each
            assertThat(host.stats().transfers()).isEqualTo(3 + 3);
        }
    }
}
