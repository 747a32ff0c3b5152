package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignRun;
import org.xtalflow.campaign.CampaignSpec;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.testing.SharedData;

/**
 * The cluster path through the application with hpc's `local` scheduler (job scripts run on this
 * machine, vasp_command = the VASP stand-in TEST DOUBLE): submit under a max-queued cap of 2,
 * poll, fetch. POTCARs are licensed and absent here and the profile names no potcar_library, so
 * every real job script stops at POTCAR assembly (exit 2, reason on stderr): the application must
 * submit each candidate exactly once, see each job end FAILED with the scheduler's reason, fetch
 * the job's output and finish the campaign.
 */
class LocalClusterCampaignTest {

    @TempDir
    Path root;

    @Test
    void candidatesAreSubmittedOncePolledAndFetched() throws Exception {
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        // a fixed seed and no density filter: the random baseline's cells are mostly too loose for it,
        // and an unseeded campaign now and then had no survivor to submit
        AppSettings settings = AppFixture.settings(
                root,
                """
                nightly: {enabled: false}
                poll_interval_ms: 300
                """,
                "prescreen: {enabled: false}\nscreening: {filters: [size, distance, charge, spacegroup, duplicate, novelty]}");
        // Replace the fixture's cluster by a local one that runs the stand-in.
        Path conf = settings.configFile();
        String yaml = Files.readString(conf)
                .replaceFirst(
                        "local-slurm: \\{[^}]*}",
                        "local-slurm: {scheduler: local, work_root: " + root.resolve("cluster-work")
                                + ", max_queued_jobs: 2, poll_interval_s: 1, " + "vasp_command: \\\"bash " + standin
                                + " " + SharedData.path("vasp_outputs", "outputs") + "\\\"}");
        Files.writeString(conf, yaml);
        AppSettings local = AppSettings.load(conf);
        try (XtalflowApplication app = new XtalflowApplication(local).start()) {
            String id = app.startCampaign(new CampaignSpec(
                    "local",
                    List.of(List.of("Sr", "Ti", "O")),
                    List.of(),
                    50,
                    "random",
                    Map.of(),
                    "MPRelaxSet",
                    "local-slurm",
                    0,
                    "test",
                    7L));
            CampaignRun run = app.campaigns().require(id);
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(run::isReported);
            List<Candidate> ran = app.campaigns().store().candidates(id).stream()
                    .filter(c -> c.state() != CandidateState.REJECTED)
                    .toList();
            assertThat(ran).isNotEmpty();
            assertThat(ran).allSatisfy(c -> {
                assertThat(c.state()).isEqualTo(CandidateState.FAILED);
                assertThat(c.reason()).isEqualTo("exit 2");
                assertThat(c.jobId()).isNotBlank();
                assertThat(c.submitAttempts()).isEqualTo(1);
                Path out =
                        local.workDir().resolve("results").resolve(org.xtalflow.campaign.ClusterJobs.resultFolder(c));
                assertThat(out.resolve("stderr.txt"))
                        .as(
                                "fetched outputs of %s: %s; results: %s; events %s",
                                c.id(),
                                java.util.Arrays.toString(out.toFile().list()),
                                java.util.Arrays.toString(
                                        out.getParent().toFile().list()),
                                app.campaigns().store().events(c.id()))
                        .exists();
                assertThat(Files.readString(out.resolve("stderr.txt"))).contains("sets no potcar_library");
            });
            assertThat(ran.stream().map(Candidate::jobId).distinct()).hasSize(ran.size());
            assertThat(run.getFunnel()).containsEntry("submit.submitted", (long) ran.size());
            assertThat(run.statusLabel()).isEqualTo("FINISHED");
            assertThat(app.campaigns().store().campaign(id).orElseThrow().status())
                    .isEqualTo(org.xtalflow.campaign.CampaignStatus.DONE);
            assertThat(Files.readString(app.campaigns().campaignDir(id).resolve("report.md")))
                    .contains("| local-slurm |")
                    .contains("exit 2");
        }
    }
}
