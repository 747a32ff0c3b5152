package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StoredAttempt;
import org.xtalflow.testing.SharedData;

/**
 * The retry loop against the local test cluster of scripts/testenv-up.sh: real OpenSSH on
 * 127.0.0.1, real single-node Slurm with a time limit of one minute per job, VASP the stand-in
 * TEST DOUBLE playing recorded real failures per candidate ({@link RetryScenarios}). ZBRENT,
 * EDDDAV (in the second relaxation), charge sloshing (an OSZICAR at NELM every ionic step) and a
 * walltime cut (the job script's STOPCAR 20 s before Slurm's limit, honoured by the stand-in) are
 * corrected and end HARVESTED; a walltime cut twice gets twice the walltime from Slurm; an
 * out-of-memory beyond max_nodes ends FAILED naming out_of_memory. Exactly one Slurm job (by job
 * name {@code xf-<candidate id>}) per recorded attempt, none twice; the attempts and reasons are in
 * the report.
 * <p>
 * Needs the env of testenv-up.sh: fails under CI=true without it, is skipped otherwise.
 */
@Tag("cluster")
class RetrySlurmCampaignTest {

    @TempDir
    Path root;

    @Test
    void recordedFailuresAreCorrectedThroughRealSlurm() throws Exception {
        Map<String, String> env = KillNineSlurmCampaignTest.requireTestCluster();
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        Path potcars = org.xtalflow.testing.FakePotcarLibrary.write(root.resolve("potcars"));
        Map<String, List<String>> pool = new LinkedHashMap<>();
        pool.put("1-walltime-twice", List.of("relax1 walltime", "relax1 walltime"));
        pool.put("2-walltime", List.of("relax1 walltime"));
        pool.put("3-zbrent", List.of("relax1 vasp.zbrent"));
        pool.put("4-edddav", List.of("relax2 vasp.edddav2"));
        pool.put("5-sloshing", List.of("relax1 OSZICAR.nonconverging"));
        pool.put("6-oom", List.of("relax1 std_err.txt.oom"));
        RetryScenarios scenarios = new RetryScenarios(root.resolve("scenarios"), pool);
        String sub = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        AppSettings s = AppFixture.settings(
                root,
                """
                nightly: {enabled: false}
                poll_interval_ms: 300
                """,
                "prescreen: {enabled: false}\n"
                        + "screening: {filters: [size, distance, charge, spacegroup, duplicate, novelty]}\n"
                        + "thermo: {correction: none}\n"
                        // the recorded charge sloshing ran with NELM = 10 (custodian's test): so do these runs
                        + "vasp: {overrides: {MPRelaxSet: {INCAR: {NELM: 10}}}, corrections: {max_attempts: 4, max_nodes: 1, walltime_margin_s: 20,"
                        + " max_walltime: \"00:05:00\"}}");
        String profile = org.xtalflow.testing.TestCluster.profileYaml(
                "testenv",
                env,
                Path.of(env.get("XTALFLOW_TEST_WORK_ROOT")).resolve(sub).toString(),
                """
                vasp_command: "bash %s %s %s %s"
                potcar_library: %s
                resources: {ntasks: "1", time: "00:01:00"}
                max_queued_jobs: 4
                poll_interval_s: 1
                ssh: {min_connect_interval_s: 0.2, commands_per_minute: 6000, reconnect_initial_s: 0.5, reconnect_max_s: 5, pause_s: 30}
                """.formatted(
                        standin,
                        SharedData.path("vasp_outputs", "outputs"),
                        SharedData.path("vasp_errors", "files"),
                        scenarios.dir(),
                        potcars).stripTrailing());
        String conf = Files.readString(s.configFile())
                .replaceFirst("(?m)^clusters:\\n", java.util.regex.Matcher.quoteReplacement("clusters:\n" + profile));
        Files.writeString(s.configFile(), conf);
        AppSettings settings = AppSettings.load(s.configFile());
        try (XtalflowApplication app = new XtalflowApplication(settings).start()) {
            String id = scenarios.runCampaign(app, "testenv", 50, Duration.ofSeconds(420));
            CandidateStore store = app.campaigns().store();
            List<Candidate> ran = RetryScenarios.ran(app, id);
            Map<String, Candidate> claims = scenarios.claims(ran);
            // Exactly one Slurm job per recorded attempt, by job name; none for a rejected candidate.
            Map<String, List<String>> jobsByName = KillNineSlurmCampaignTest.slurm(
                            env, "squeue", "--noheader", "--states=all", "--format=%j|%i|%l")
                    .lines()
                    .map(String::trim)
                    .filter(l -> l.startsWith("xf-"))
                    .collect(Collectors.groupingBy(l -> l.split("\\|")[0]));
            for (Candidate c : store.candidates(id)) {
                List<StoredAttempt> attempts = store.attempts(c.id());
                assertThat(jobsByName.getOrDefault("xf-" + c.id(), List.of()))
                        .as("Slurm jobs named xf-%s (%s, attempts %s)", c.id(), c.state(), attempts)
                        .hasSize(attempts.size());
                if (c.state() != CandidateState.REJECTED) {
                    scenarios.checkRoad(c, attempts);
                    assertThat(scenarios.jobs(c.id()))
                            .as("the stand-in's jobs of %s are the attempts' jobs", c.id())
                            .containsExactlyInAnyOrderElementsOf(
                                    attempts.stream().map(StoredAttempt::jobId).toList());
                }
            }
            for (String fixed : List.of("1-walltime-twice", "2-walltime", "3-zbrent", "4-edddav", "5-sloshing")) {
                Candidate c = claims.get(fixed);
                assertThat(c.state()).as("%s: %s %s", fixed, c.id(), c.reason()).isEqualTo(CandidateState.HARVESTED);
            }
            assertThat(store.attempts(claims.get("2-walltime").id()))
                    .extracting(StoredAttempt::errors, StoredAttempt::outcome)
                    .containsExactly(Tuple.tuple("walltime", "FIXABLE"), Tuple.tuple("", "OK"));
            assertThat(store.attempts(claims.get("3-zbrent").id()).get(0).errors())
                    .isEqualTo("zbrent");
            assertThat(store.attempts(claims.get("4-edddav").id()).get(0))
                    .extracting(StoredAttempt::step, StoredAttempt::errors)
                    .containsExactly("relax2", "edddav");
            assertThat(store.attempts(claims.get("5-sloshing").id()).get(0).errors())
                    .contains("non_converging");
            // cut twice: the third job asks Slurm for twice the minute
            Candidate twice = claims.get("1-walltime-twice");
            List<StoredAttempt> tw = store.attempts(twice.id());
            assertThat(tw).extracting(StoredAttempt::outcome).containsExactly("FIXABLE", "FIXABLE", "OK");
            assertThat(tw.get(1).actions()).contains("walltime");
            Map<String, String> limitByJob = jobsByName.get("xf-" + twice.id()).stream()
                    .map(l -> l.split("\\|"))
                    .collect(Collectors.toMap(f -> f[1], f -> f[2]));
            assertThat(limitByJob.get(tw.get(0).jobId())).isEqualTo("1:00");
            assertThat(limitByJob.get(tw.get(2).jobId())).isEqualTo("2:00");

            Candidate oom = claims.get("6-oom");
            assertThat(oom.state()).isEqualTo(CandidateState.FAILED);
            assertThat(oom.reason()).contains("out_of_memory").contains("max_nodes 1");

            String report = Files.readString(app.campaigns().campaignDir(id).resolve("report.md"));
            assertThat(report)
                    .contains("walltime")
                    .contains("zbrent")
                    .contains("edddav")
                    .contains("non_converging")
                    .contains("out_of_memory")
                    .contains(oom.id());
        }
    }
}
