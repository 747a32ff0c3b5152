package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.CifWriter;
import org.xtalflow.dft.GpawEngine;
import org.xtalflow.gpaw.GpawBundleWriter;
import org.xtalflow.gpaw.GpawJobSettings;
import org.xtalflow.gpaw.GpawNextAttempt;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.JobBundleDir;
import org.xtalflow.hpc.SshPolicy;
import org.xtalflow.vasp.errors.RunPolicy;

/**
 * GPAW's resource corrections through the campaign's retry loop, on the recorded real failure of
 * src/test/resources/gpaw/na2-scf-not-converged turned into the other two markers the driver writes
 * (as GpawResultReaderTest derives its variants): a walltime cut gets twice the walltime (the
 * scheduler's option and the job script's own deadline), an out-of-memory whose only fix, more
 * nodes, is beyond vasp.corrections.max_nodes ends UNFIXABLE naming the limit, and the attempt cap
 * ends a failure that keeps coming back.
 */
class GpawNextAttemptBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "hpc-gpaw";

    @TempDir
    Path dir;

    private static Structure na2() {
        return new Structure(
                Lattice.cubic(4.0),
                List.of(
                        new Site(Element.of("Na"), new double[] {0, 0, 0}),
                        new Site(Element.of("Na"), new double[] {0.2, 0, 0})));
    }

    private ClusterProfile profile() {
        return new ClusterProfile(
                CLUSTER,
                "hpc.example.org",
                22,
                "me",
                dir.resolve("id_ed25519"), // never read: nothing connects in this test
                dir.resolve("known_hosts"),
                false,
                BatchSystem.SLURM,
                "/scratch/me/xtalflow",
                new JobResources(null, null, null, null, null, List.of(), "unused", null, Map.of("time", "00:30:00")),
                4,
                30,
                false,
                SshPolicy.defaults(),
                "gpaw",
                "/usr/bin/python3",
                1);
    }

    /** A candidate whose GPAW job failed with {@code marker}; its fetched results are the recorded run's, re-marked. */
    private Candidate failedWith(CandidateStore store, String campaign, String marker, Path results) throws Exception {
        Structure s = na2();
        Candidate c = store.addCandidate(campaign, CandidateChange.none().withStructure("Na", 1, 2, CifWriter.p1(s)));
        store.transition(c.id(), CandidateState.GENERATED, CandidateState.SCREENED, null);
        JobResources job = new JobResources("", "", 1, 1, "00:30:00", List.of(), "unused", "", Map.of());
        GpawEngine engine = GpawEngine.of(Path.of("templates"), BatchSystem.SLURM, job, "/usr/bin/python3");
        Path bundle = engine.prepare(c.id(), s, null, "test", dir.resolve("outbox"));
        store.transition(
                c.id(),
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateChange.none().withBundlePath(bundle.toString()));
        store.transition(
                c.id(),
                CandidateState.PREPARED,
                CandidateState.SUBMITTING,
                CandidateChange.none().withCluster(CLUSTER));
        store.transition(
                c.id(),
                CandidateState.SUBMITTING,
                CandidateState.SUBMITTED,
                CandidateChange.none().withJobId("4711").withRemoteDir("/scratch/me/xtalflow/" + c.id()));
        c = store.transition(c.id(), CandidateState.SUBMITTED, CandidateState.FAILED, CandidateChange.reason("exit 3"));
        Path folder = Files.createDirectories(results.resolve(ClusterJobs.resultFolder(c)));
        ObjectNode r = (ObjectNode)
                JSON.readTree(Path.of("src/test/resources/gpaw/na2-scf-not-converged", GpawBundleWriter.RESULT)
                        .toFile());
        r.putArray("errors").add(marker);
        r.put("error_detail", marker + " (re-marked from the recorded SCF failure)");
        Files.write(folder.resolve(GpawBundleWriter.RESULT), JSON.writeValueAsBytes(r));
        Files.copy(bundle.resolve(GpawJobSettings.FILE_NAME), folder.resolve(GpawJobSettings.FILE_NAME));
        return c;
    }

    private RetryLoop loop(CandidateStore store, CampaignService campaigns, Path results, String corrections) {
        RunPolicy policy = RunPolicy.of(
                JSON.valueToTree(Map.of("corrections", corrections.isEmpty() ? Map.of() : parse(corrections))),
                dir.resolve("xtalflow.yaml"));
        return new RetryLoop(store, campaigns, results, new AttemptReview(policy));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String campaign(CampaignService campaigns) {
        return campaigns
                .start(new CampaignSpec(
                        "gpaw-resources",
                        List.of(List.of("Na")),
                        List.of(),
                        1,
                        "random",
                        Map.of(),
                        "test",
                        CLUSTER,
                        0,
                        "test",
                        7L))
                .id();
    }

    @Test
    void aWalltimeCutGetsTwiceTheWalltimeForTheSchedulerAndTheDriversDeadline() throws Exception {
        Path results = dir.resolve("results");
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("s.db"))) {
            CampaignService campaigns = new CampaignService(dir.resolve("campaigns"), store, (id, f) -> f);
            Candidate c = failedWith(store, campaign(campaigns), "walltime", results);
            RetryLoop.Settled s = loop(store, campaigns, results, "").settle(profile());
            assertThat(s.retried()).isEqualTo(1);
            Candidate next = store.get(c.id());
            assertThat(next.state()).isEqualTo(CandidateState.PREPARED);
            JobBundleDir b = JobBundleDir.read(Path.of(next.bundlePath()));
            assertThat(b.schedulerOptions()).containsEntry("time", "01:00:00");
            assertThat(Files.readString(b.dir().resolve(GpawNextAttempt.WALLTIME_FILE)))
                    .isEqualTo("3600\n");
            assertThat(store.attempts(c.id()))
                    .extracting(StoredAttempt::errors, StoredAttempt::outcome, StoredAttempt::actions)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            "walltime",
                            AttemptReview.FIXABLE,
                            "walltime x2; restart from the last geometry (0 steps done)"));
        }
    }

    /** The candidate and its attempts after one round of the retry loop that must not retry it. */
    private record Ended(Candidate candidate, List<StoredAttempt> attempts) {}

    private Ended endedInOneRound(String marker, String corrections) throws Exception {
        Path results = dir.resolve("results");
        try (CandidateStore store = CandidateStore.openSqlite(dir.resolve("s.db"))) {
            CampaignService campaigns = new CampaignService(dir.resolve("campaigns"), store, (id, f) -> f);
            Candidate c = failedWith(store, campaign(campaigns), marker, results);
            assertThat(loop(store, campaigns, results, corrections)
                            .settle(profile())
                            .retried())
                    .isZero();
            return new Ended(store.get(c.id()), store.attempts(c.id()));
        }
    }

    @Test
    void outOfMemoryBeyondMaxNodesEndsUnfixableNamingTheLimit() throws Exception {
        Ended e = endedInOneRound("out_of_memory", "{\"max_nodes\": 1}");
        assertThat(e.candidate().state()).isEqualTo(CandidateState.FAILED);
        assertThat(e.candidate().reason()).contains("out_of_memory").contains("max_nodes 1");
        assertThat(e.attempts()).extracting(StoredAttempt::outcome).containsExactly(AttemptReview.UNFIXABLE);
    }

    @Test
    void theAttemptCapEndsAFailureThatKeepsComingBack() throws Exception {
        Ended e = endedInOneRound("scf_not_converged", "{\"max_attempts\": 1}");
        assertThat(e.candidate().state()).isEqualTo(CandidateState.FAILED);
        assertThat(e.candidate().reason()).contains("scf_not_converged").contains("no attempts left");
        assertThat(e.attempts()).extracting(StoredAttempt::outcome).containsExactly(AttemptReview.UNFIXABLE);
    }
}
