package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StoreEvent;
import org.xtalflow.testing.SharedData;

/**
 * `campaign cancel` of a cluster campaign (issue 16) in a real `xtalflow run` process against the
 * local test cluster of scripts/testenv-up.sh (real OpenSSH, real Slurm): the jobs run the VASP
 * stand-in TEST DOUBLE in its sleep mode (10 minutes), so they are running or pending when the
 * cancel comes. Afterwards squeue lists no job of the campaign, every candidate is at a final state
 * (those with a job FAILED with reason "cancelled"), each cancelled job is an event, and the
 * campaign is CANCELLED.
 */
@Tag("cluster")
class CancelSlurmCampaignTest {

    @TempDir
    Path root;

    @Test
    void cancelledClusterCampaignLeavesNoJobInSqueue() throws Exception {
        Map<String, String> env = KillNineSlurmCampaignTest.requireTestCluster();
        String sub = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
        Path potcars = org.xtalflow.testing.FakePotcarLibrary.write(root.resolve("potcars"));
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        AppSettings s = AppFixture.settings(
                root,
                """
                nightly: {enabled: false}
                status_page: {enabled: false}
                poll_interval_ms: 300
                """,
                // the random baseline's cells are mostly too loose for the density filter: screen without it
                "prescreen: {enabled: false}\nscreening: {filters: [size, distance, charge, spacegroup, duplicate, novelty]}");
        String profile = org.xtalflow.testing.TestCluster.profileYaml(
                "testenv",
                env,
                Path.of(env.get("XTALFLOW_TEST_WORK_ROOT")).resolve(sub).toString(),
                """
                vasp_command: "env STANDIN_MODE=sleep bash %s %s"
                potcar_library: %s
                resources: {ntasks: "1", time: "00:20:00"}
                max_queued_jobs: 6
                poll_interval_s: 1
                ssh: {min_connect_interval_s: 0.2, commands_per_minute: 6000, reconnect_initial_s: 0.5, reconnect_max_s: 5, pause_s: 30}
                """.formatted(standin, SharedData.path("vasp_outputs", "outputs"), potcars)
                        .stripTrailing());
        String conf = Files.readString(s.configFile())
                .replaceFirst("(?m)^clusters:\\n", java.util.regex.Matcher.quoteReplacement("clusters:\n" + profile));
        Files.writeString(s.configFile(), "thermo: {correction: none}\n" + conf);
        AppSettings settings = AppSettings.load(s.configFile());

        Process app = AppProcess.start(settings, root.resolve("app.log"), "-Xmx512m");
        String id = null;
        try {
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> Files.exists(settings.workDir().resolve("xtalflow.db")));
            // the random generator's seed derives from the campaign id: now and then no cell survives
            // screening and nothing reaches the cluster; then another campaign is started (up to four)
            for (int attempt = 1; id == null && attempt <= 4; attempt++) {
                String name = "cancel-" + attempt;
                Files.writeString(settings.inbox().resolve(name + ".yaml"), """
                        name: %s
                        systems: [Sr Ti O]
                        samples: 40
                        generator: random
                        cluster: testenv
                        """.formatted(name));
                String[] cid = {null};
                await().atMost(Duration.ofSeconds(240))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            cid[0] = AppProcess.campaigns(settings).stream()
                                    .filter(c -> c.name().equals(name))
                                    .map(Campaign::id)
                                    .findFirst()
                                    .orElse(null);
                            if (cid[0] == null) return false;
                            List<Candidate> cs = AppProcess.candidates(settings, cid[0]);
                            return cs.stream().anyMatch(c -> c.state() == CandidateState.RUNNING)
                                    || AppProcess.campaigns(settings).stream()
                                            .anyMatch(c -> c.id().equals(cid[0]) && c.status() == CampaignStatus.DONE);
                        });
                if (AppProcess.candidates(settings, cid[0]).stream()
                        .anyMatch(c -> c.state() == CandidateState.RUNNING)) {
                    id = cid[0];
                }
            }
            assertThat(id).as("a campaign with a running job").isNotNull();
            String campaign = id;
            assertThat(jobsOf(env, campaign))
                    .as("jobs of the campaign in squeue before the cancel")
                    .isNotEmpty();

            String[] printed = {null};
            int rc = cancel(settings, campaign, printed);
            String first = printed[0];
            assertThat(first).contains("cancelled job testenv:").contains(campaign + ": CANCELLED");
            // A candidate caught inside its sbatch is in doubt (exit 4, "run ... again"): the operator runs
            // the command again as it says, until the cancel is complete (or another pass completed it).
            for (int again = 0; rc == 4 && again < 15; again++) {
                assertThat(printed[0]).contains("submission in doubt");
                Thread.sleep(2000);
                rc = cancel(settings, campaign, printed);
                if (rc == 1 && printed[0].contains("is cancelled already")) rc = 0;
            }
            assertThat(rc).as("campaign cancel: %s", printed[0]).isZero();

            // scancel is asynchronous in Slurm: the jobs leave squeue within seconds
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> jobsOf(env, campaign).isEmpty());
            try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
                assertThat(store.campaign(campaign).orElseThrow().status()).isEqualTo(CampaignStatus.CANCELLED);
                List<Candidate> all = store.candidates(campaign);
                assertThat(all)
                        .allSatisfy(c -> assertThat(c.state())
                                .as("%s", c.id())
                                .isIn(CandidateState.REJECTED, CandidateState.FAILED, CandidateState.HARVESTED));
                List<Candidate> withJob =
                        all.stream().filter(c -> c.jobId() != null).toList();
                assertThat(withJob).isNotEmpty().allSatisfy(c -> {
                    assertThat(c.state()).isEqualTo(CandidateState.FAILED);
                    assertThat(c.reason())
                            // "... (the scheduler reported CANCELLED)" when a poll saw the job end first
                            .matches(
                                    "cancelled: was (RUNNING|SUBMITTED|SUBMITTING)( \\(the scheduler reported .*\\))?");
                    assertThat(store.events(c.id()).stream().map(StoreEvent::message))
                            .anyMatch(m -> m != null && m.startsWith("cancelled job testenv:" + c.jobId()));
                });
                // candidates that never reached the cluster end too, with the cancel's reason
                assertThat(all.stream()
                                .filter(c -> c.jobId() == null
                                        && c.reason() != null
                                        && c.reason().startsWith("cancelled: was ")))
                        .allSatisfy(c -> assertThat(c.state()).isIn(CandidateState.REJECTED, CandidateState.FAILED));
            }
            // after the cancel the application submits nothing more for it (several polls later)
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> jobsOf(env, campaign).isEmpty());
        } finally {
            app.destroy();
            app.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Pending and running Slurm jobs named after a candidate of the campaign ({@code xf-<candidate id>}). */
    private static Set<String> jobsOf(Map<String, String> env, String campaignId) throws Exception {
        return KillNineSlurmCampaignTest.slurm(env, "squeue", "--noheader", "--format=%j")
                .lines()
                .map(String::trim)
                .filter(n -> n.startsWith("xf-" + campaignId + "-"))
                .collect(Collectors.toSet());
    }

    /** Runs {@code campaign cancel}, keeping what it printed in {@code printed[0]}; returns its exit code. */
    private static int cancel(AppSettings settings, String campaign, String[] printed) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AppProcess.cli(
                out,
                "campaign",
                "cancel",
                campaign,
                "--config",
                settings.configFile().toString());
        printed[0] = out.toString(StandardCharsets.UTF_8);
        System.out.println("campaign cancel " + campaign + " (exit " + rc + "):\n" + printed[0]);
        return rc;
    }
}
