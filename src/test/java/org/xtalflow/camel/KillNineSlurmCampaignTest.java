package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.Campaign;
import org.xtalflow.campaign.CampaignStatus;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.StopPoint;
import org.xtalflow.campaign.StoreEvent;
import org.xtalflow.campaign.StoredAttempt;
import org.xtalflow.testing.SharedData;

/**
 * A whole campaign of `xtalflow run` (a real JVM process) against the local test cluster of
 * scripts/testenv-up.sh: real OpenSSH on 127.0.0.1, real single-node Slurm, jobs that run the VASP
 * stand-in TEST DOUBLE (it copies recorded real VASP outputs) after assembling POTCAR from a fake
 * POTCAR library written by this test, staggered by job id so that jobs end at different times (the
 * stand-in's STANDIN_STAGGER_S); harvested with thermo.correction none (MP2020 refuses the
 * recorded run). The process is killed with SIGKILL at a point of the
 * candidates' road (first candidate SUBMITTING or SUBMITTED; a job ended while others are still
 * polled; a random delay after the first submission; a random step of the survivors' road; parked
 * at a {@link StopPoint} inside a crash window), started again, and the campaign must end with every candidate in exactly one final
 * state, exactly one Slurm job (by job name {@code xf-<candidate id>}) per submitted candidate,
 * every job's result harvested, and funnel counts that agree with the store.
 * <p>
 * Needs the env of testenv-up.sh: fails under CI=true without it, is skipped otherwise.
 */
@Tag("cluster")
class KillNineSlurmCampaignTest {

    private static final Set<CandidateState> FINAL =
            Set.of(CandidateState.REJECTED, CandidateState.HARVESTED, CandidateState.FAILED, CandidateState.TIMEOUT);

    @TempDir
    Path root;

    /**
     * The kill points run: observed states (submitting, polling), a random delay of 0-4 s after the
     * first submit attempt (twice), a random step of the survivors' road (twice, see
     * {@link #progressKill}), and the application's {@link StopPoint}s, where the process parks
     * exactly in a crash window (after the SUBMITTING commit, after sbatch before the SUBMITTED
     * commit, after fetching results before the harvest, after a failed job's next attempt is
     * written before its PREPARED commit, after the campaign's DONE commit before its report) and is
     * killed there. For the retry point the first candidate's first relaxation plays the recorded
     * ZBRENT (the stand-in's scenario pool) and is corrected.
     * {@code -Dxtalflow.k9.points=random,random,...} runs chosen points instead (developer soak).
     */
    static List<String> killPoints() {
        String p = System.getProperty("xtalflow.k9.points", "");
        return p.isBlank()
                ? List.of(
                        "submitting",
                        "polling",
                        StopPoint.SUBMIT_COMMITTED,
                        StopPoint.SUBMIT_ACCEPTED,
                        StopPoint.RESULTS_FETCHED,
                        StopPoint.CAMPAIGN_DONE,
                        StopPoint.RETRY_PREPARED,
                        "random",
                        "random",
                        "progress",
                        "progress")
                : List.of(p.split(","));
    }

    @ParameterizedTest(name = "kill -9 at {0}")
    @MethodSource("killPoints")
    void killedRunAgainstSlurmEndsEveryCandidateOnce(String point) throws Exception {
        try {
            killRestartAndCheck(point);
        } catch (Throwable t) {
            // the application logs live in the temp dir, which JUnit deletes: keep them for diagnosis
            Path keep = Path.of("target", "k9-failures", point + "-" + System.currentTimeMillis());
            Files.createDirectories(keep);
            try (var logs = Files.list(root)) {
                for (Path p : logs.filter(p -> p.getFileName().toString().startsWith("app-"))
                        .toList()) {
                    Files.copy(p, keep.resolve(p.getFileName()));
                }
            }
            // the database with its write-ahead log, else the copy shows stale states
            for (String f : List.of("xtalflow.db", "xtalflow.db-wal", "xtalflow.db-shm")) {
                Path db = root.resolve("var").resolve(f);
                if (Files.exists(db)) Files.copy(db, keep.resolve(f));
            }
            t.addSuppressed(new AssertionError("application logs kept in " + keep.toAbsolutePath()));
            throw t;
        }
    }

    private void killRestartAndCheck(String point) throws Exception {
        Map<String, String> env = requireTestCluster();
        String sub = "k9app-" + UUID.randomUUID().toString().substring(0, 8);
        Path potcars = org.xtalflow.testing.FakePotcarLibrary.write(root.resolve("potcars"));
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        AppSettings s = AppFixture.settings(
                root,
                """
                nightly: {enabled: false}
                poll_interval_ms: 300
                defaults: {samples: 40, generator: random}
                """,
                // crash safety needs several jobs: the random baseline's cells are mostly too loose for
                // the density filter (1-3 survivors of 120 instead of ~7), so this campaign screens without it
                "prescreen: {enabled: false}\nscreening: {filters: [size, distance, charge, spacegroup, duplicate, novelty]}");
        String profile = org.xtalflow.testing.TestCluster.profileYaml(
                "testenv",
                env,
                Path.of(env.get("XTALFLOW_TEST_WORK_ROOT")).resolve(sub).toString(),
                """
                vasp_command: "env STANDIN_STAGGER_S=1 bash %s %s%s"
                potcar_library: %s
                resources: {ntasks: "1", time: "00:10:00"}
                max_queued_jobs: 4
                poll_interval_s: 1
                ssh: {min_connect_interval_s: 0.2, commands_per_minute: 6000, reconnect_initial_s: 0.5, reconnect_max_s: 5, pause_s: 30}
                """.formatted(
                        standin,
                        SharedData.path("vasp_outputs", "outputs"),
                        point.equals(StopPoint.RETRY_PREPARED) ? " " + retryScenario() : "",
                        potcars).stripTrailing());
        String conf = Files.readString(s.configFile())
                .replaceFirst("(?m)^clusters:\\n", java.util.regex.Matcher.quoteReplacement("clusters:\n" + profile));
        // The recorded run is one MP2020 refuses (vaspout reads it as a hybrid run type): harvest uncorrected.
        Files.writeString(s.configFile(), "thermo: {correction: none}\n" + conf);
        AppSettings settings = AppSettings.load(s.configFile());

        boolean stopPoint = point.contains(".");
        String[] under = {null}; // the campaign under test
        Process first = start(settings, stopPoint ? List.of("-D" + StopPoint.PROPERTY + "=" + point) : List.of());
        Path firstLog = lastLog;
        try {
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> Files.exists(settings.workDir().resolve("xtalflow.db")));
            // The random generator's seed derives from the campaign id: now and then no cell of a
            // campaign survives screening, and such a campaign never reaches the cluster. Then the
            // test starts another one (up to four); the checks below are on the one with survivors.
            for (int attempt = 1; under[0] == null; attempt++) {
                assertThat(attempt)
                        .as("campaigns started to get one with survivors of screening")
                        .isLessThanOrEqualTo(4);
                String name = "k9-slurm-" + attempt;
                Files.writeString(settings.inbox().resolve("k9-" + attempt + ".yaml"), """
                        name: %s
                        systems: [Sr Ti O]
                        samples: 40
                        generator: random
                        cluster: testenv
                        """.formatted(name));
                String[] screened = {null};
                await().atMost(Duration.ofSeconds(240))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            String cid = campaigns(settings).stream()
                                    .filter(c -> name.equals(c.name()))
                                    .map(Campaign::id)
                                    .findFirst()
                                    .orElse(null);
                            if (cid == null) return false;
                            List<Candidate> cs = candidates(settings, cid);
                            screened[0] = cid;
                            return cs.size() == 120
                                    && cs.stream().noneMatch(c -> c.state() == CandidateState.GENERATED);
                        });
                long survivors = candidates(settings, screened[0]).stream()
                        .filter(c -> c.state() != CandidateState.REJECTED)
                        .count();
                // "one job ended while others are polled" needs two jobs at least
                if (survivors >= (point.equals("polling") ? 2 : 1)) {
                    under[0] = screened[0];
                } else {
                    System.out.println("campaign " + screened[0] + ": " + survivors
                            + " cells survived screening; starting another");
                }
            }
            if (stopPoint) {
                await().atMost(Duration.ofSeconds(240))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> Files.readString(firstLog).contains("stop point " + point + " reached"));
            }
            Predicate<List<Candidate>> killAt = switch (point) {
                case "submitting" ->
                    cs -> cs.stream()
                            .anyMatch(c ->
                                    c.state() == CandidateState.SUBMITTING || c.state() == CandidateState.SUBMITTED);
                case "polling" ->
                    cs -> cs.stream()
                                    .anyMatch(c -> c.state() == CandidateState.FINISHED
                                            || c.state() == CandidateState.HARVESTED)
                            && cs.stream()
                                    .anyMatch(c -> c.state() == CandidateState.SUBMITTED
                                            || c.state() == CandidateState.RUNNING
                                            || c.state() == CandidateState.PREPARED);
                case "random" -> cs -> cs.stream().anyMatch(c -> c.submitAttempts() > 0);
                case "progress" -> progressKill();
                default -> cs -> true; // a stop point: the process waits there already
            };
            await().atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> killAt.test(candidates(settings, under[0])));
            if (point.equals("random")) Thread.sleep(ThreadLocalRandom.current().nextLong(0, 4000));
        } finally {
            first.destroyForcibly(); // SIGKILL on Linux
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.exitValue()).as("first run killed by SIGKILL").isEqualTo(137);
        List<Candidate> atKill = candidates(settings, under[0]);
        boolean reportedAtKill = Files.exists(
                settings.workDir().resolve("campaigns").resolve(under[0]).resolve("report.md"));
        System.out.println("kill -9 at " + point + ": states "
                + atKill.stream()
                        .collect(Collectors.groupingBy(
                                c -> c.state().name(), java.util.TreeMap::new, Collectors.counting())));

        Process second = start(settings, List.of());
        String id = under[0];
        try {
            await().atMost(Duration.ofSeconds(400))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> campaigns(settings).stream()
                            .anyMatch(c -> c.id().equals(id) && c.status() == CampaignStatus.DONE));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(
                            settings.workDir().resolve("campaigns").resolve(id).resolve("report.md")));
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }

        try (CandidateStore store = CandidateStore.open(settings.storeConfig())) {
            List<Candidate> all = store.candidates(id);
            String states = all.stream()
                    .map(c -> c.id() + "=" + c.state() + (c.reason() == null ? "" : "(" + c.reason() + ")"))
                    .collect(Collectors.joining(", "));
            // Generated once (40 samples x 3 coordinate sets), never twice across the restart.
            assertThat(all).as("candidates: %s", states).hasSize(120);
            // The kill really interrupted the campaign: work on the cluster's road, or (few survivors,
            // quick jobs) the report not yet written.
            assertThat(reportedAtKill)
                    .as(
                            "report written before the kill (states %s)",
                            atKill.stream().map(Candidate::state).distinct().toList())
                    .isFalse();
            assertThat(all)
                    .allSatisfy(c -> assertThat(c.state()).as("%s", c.id()).isIn(FINAL));
            List<Candidate> submitted = all.stream()
                    .filter(c -> c.state() != CandidateState.REJECTED)
                    .toList();
            assertThat(submitted).as("survivors submitted to Slurm").isNotEmpty();
            // No result lost: every job ran the stand-in to the end and was harvested.
            assertThat(submitted).as("states: %s", states).allSatisfy(c -> {
                assertThat(c.state()).isEqualTo(CandidateState.HARVESTED);
                assertThat(c.jobId()).isNotBlank();
                assertThat(c.finalEnergyEv()).isNotNull();
                assertThat(c.formationEnergyPerAtomEv()).isNotNull();
                assertThat(c.eAboveHullEv()).isNotNull();
            });
            assertThat(submitted.stream().map(Candidate::jobId).distinct()).hasSize(submitted.size());
            // The stop points really hit their window, and reconciliation settled it as it should.
            if (point.equals(StopPoint.SUBMIT_COMMITTED) || point.equals(StopPoint.SUBMIT_ACCEPTED)) {
                List<Candidate> parked = atKill.stream()
                        .filter(c -> c.state() == CandidateState.SUBMITTING)
                        .toList();
                assertThat(parked).as("SUBMITTING at the kill").hasSize(1);
                Candidate p = store.get(parked.get(0).id());
                List<String> events = store.events(p.id()).stream()
                        .map(StoreEvent::message)
                        .filter(m -> m != null)
                        .toList();
                if (point.equals(StopPoint.SUBMIT_COMMITTED)) {
                    // nothing reached the cluster: reset to PREPARED and submitted again (a second attempt)
                    assertThat(events)
                            .as("events of %s", p.id())
                            .anyMatch(m -> m.contains("the submit command never ran"));
                    assertThat(p.submitAttempts()).isEqualTo(2);
                } else {
                    // sbatch had run: its job is adopted, not submitted again
                    assertThat(events)
                            .as("events of %s", p.id())
                            .anyMatch(m -> m.startsWith("reconciled: scheduler has job")
                                    || m.startsWith("reconciled: remote marker"));
                    assertThat(p.submitAttempts()).isEqualTo(1);
                }
            }
            if (point.equals(StopPoint.RETRY_PREPARED)) {
                // parked with the next attempt written and the candidate still FAILED: resumed, not lost
                List<Candidate> parked = atKill.stream()
                        .filter(c -> c.state() == CandidateState.FAILED)
                        .toList();
                assertThat(parked).as("FAILED at the kill").hasSize(1);
                Candidate p = store.get(parked.get(0).id());
                assertThat(store.attempts(p.id()))
                        .extracting(StoredAttempt::errors, StoredAttempt::outcome)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("zbrent", "FIXABLE"),
                                org.assertj.core.groups.Tuple.tuple("", "OK"));
                assertThat(p.bundlePath()).endsWith(".attempt2");
            }
            if (point.equals(StopPoint.RESULTS_FETCHED)) {
                assertThat(atKill).as("a job FINISHED at the kill").anyMatch(c -> c.state() == CandidateState.FINISHED);
            }
            // The funnel counts agree with the store across the kill: one submit.submitted per job,
            // one job per recorded attempt.
            long jobs =
                    all.stream().mapToLong(c -> store.attempts(c.id()).size()).sum();
            assertThat(jobs)
                    .as("attempts")
                    .isEqualTo(submitted.size() + (point.equals(StopPoint.RETRY_PREPARED) ? 1 : 0));
            Map<String, Map<String, Long>> funnel = store.funnel(id);
            assertThat(funnel.get("submit"))
                    .as("funnel %s", funnel)
                    .containsEntry("submitted", jobs)
                    .doesNotContainKey("refused");
            assertThat(funnel.get("generate"))
                    .as("funnel %s", funnel)
                    .containsEntry("samples", 120L)
                    .containsEntry("system:Sr-Ti-O", 1L);
            assertThat(funnel.get("screen").values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .as("funnel %s", funnel)
                    .isEqualTo(120L);
            assertThat(funnel.get("screen")).as("funnel %s", funnel).containsEntry("passed", (long) submitted.size());
            assertThat(funnel.get("prepare")).as("funnel %s", funnel).containsEntry("passed", (long) submitted.size());
            assertThat(funnel.get("harvest").values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .as("funnel %s", funnel)
                    .isEqualTo(submitted.size());
            // Exactly one Slurm job per attempt (one per submitted candidate but the retried), none for a rejected one.
            Map<String, Long> jobsByName = slurm(env, "squeue", "--noheader", "--states=all", "--format=%j")
                    .lines()
                    .map(String::trim)
                    .filter(n -> n.startsWith("xf-"))
                    .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
            for (Candidate c : all) {
                long n = jobsByName.getOrDefault("xf-" + c.id(), 0L);
                assertThat(n)
                        .as("Slurm jobs named xf-%s (%s)", c.id(), c.state())
                        .isEqualTo(
                                c.state() == CandidateState.REJECTED
                                        ? 0L
                                        : store.attempts(c.id()).size());
            }
            assertThat(Files.readString(
                            settings.workDir().resolve("campaigns").resolve(id).resolve("report.md")))
                    .contains("testenv");
        }
        // The second process resumed the campaign the first left.
        long resumed = 0;
        try (var logs = Files.list(root)) {
            for (Path p : logs.filter(p -> p.getFileName().toString().startsWith("app-"))
                    .toList()) {
                if (Files.readString(p).contains("resumed from the store")) resumed++;
            }
        }
        assertThat(resumed).isEqualTo(1);
    }

    /**
     * Kill point "progress": a random point of the survivors' road, measured in steps. Each
     * survivor walks SCREENED(0) PREPARED(1) SUBMITTING(2) SUBMITTED(3) RUNNING(4) FINISHED(5)
     * HARVESTED(6); at the first submit attempt a target is drawn uniformly between the progress
     * then and six steps before the end (so work is still open when the kill lands), and the
     * process is killed once the summed progress reaches it.
     */
    private static Predicate<List<Candidate>> progressKill() {
        long[] target = {-1};
        return cs -> {
            if (cs.stream().noneMatch(c -> c.submitAttempts() > 0)) return false;
            List<Candidate> road = cs.stream()
                    .filter(c -> c.state() != CandidateState.REJECTED)
                    .toList();
            long progress = road.stream()
                    .mapToLong(c -> switch (c.state()) {
                        case PREPARED -> 1;
                        case SUBMITTING -> 2;
                        case SUBMITTED -> 3;
                        case RUNNING -> 4;
                        case FINISHED -> 5;
                        case HARVESTED, FAILED, TIMEOUT -> 6;
                        default -> 0;
                    })
                    .sum();
            if (target[0] < 0) {
                long last = Math.max(progress, 6L * road.size() - 6);
                target[0] = ThreadLocalRandom.current().nextLong(progress, last + 1);
                System.out.println("kill -9 at progress: target " + target[0] + " of " + 6L * road.size()
                        + " steps (now " + progress + ")");
            }
            return progress >= target[0];
        };
    }

    /**
     * The stand-in's recorded failures and a scenario pool (see its header) whose one scenario
     * makes the first candidate to run meet ZBRENT in its first relaxation.
     */
    private String retryScenario() throws IOException {
        Path pool = Files.createDirectories(root.resolve("scenarios").resolve("pool"));
        Files.writeString(pool.resolve("zbrent"), "relax1 vasp.zbrent\n");
        return SharedData.path("vasp_errors", "files") + " " + root.resolve("scenarios");
    }

    /** XTALFLOW_TEST_* of testenv-up.sh, or fail (CI) / skip (developer) with how to start it. */
    static Map<String, String> requireTestCluster() {
        return org.xtalflow.testing.TestCluster.require();
    }

    static String slurm(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", env.get("XTALFLOW_TEST_SLURM_CONF"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", cmd), out).isZero();
        return out;
    }

    private Path lastLog;

    private Process start(AppSettings s, List<String> jvmOptions) throws Exception {
        String cp = Path.of("target/classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-cp",
                cp,
                "org.xtalflow.cli.Main",
                "run",
                "--config",
                s.configFile().toString()));
        lastLog = root.resolve("app-" + System.nanoTime() + ".log");
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(lastLog.toFile())
                .start();
    }

    private static List<Candidate> candidates(AppSettings s, String campaignId) {
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            return store.candidates(campaignId);
        }
    }

    private static List<Campaign> campaigns(AppSettings s) {
        try (CandidateStore store = CandidateStore.open(s.storeConfig())) {
            return store.campaigns();
        }
    }
}
