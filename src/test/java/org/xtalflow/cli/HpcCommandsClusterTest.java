package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;

/** bin/xtalflow submit / jobs / fetch against the local test cluster (real sshd + Slurm). */
@Tag("cluster")
class HpcCommandsClusterTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream o = System.out, e = System.err;
        ByteArrayOutputStream bo = new ByteArrayOutputStream(), be = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
        try {
            int code = Main.commandLine().execute(args);
            return new Run(code, bo.toString(StandardCharsets.UTF_8), be.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    @Test
    void submitJobsFetchEndToEnd() throws Exception {
        String port = System.getenv("XTALFLOW_TEST_SSH_PORT");
        if (port == null) {
            String msg = "cluster test needs `source <(bash scripts/testenv-up.sh)` (XTALFLOW_TEST_SSH_PORT unset)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
            Assumptions.abort(msg);
        }
        String tag = "cli" + System.nanoTime() % 1_000_000;
        Path conf = tmp.resolve("xtalflow.yaml");
        Files.writeString(
                conf,
                "clusters:\n  t:\n"
                        + "    host: ${XTALFLOW_TEST_SSH_HOST}\n    port: ${XTALFLOW_TEST_SSH_PORT}\n    user: ${XTALFLOW_TEST_SSH_USER}\n"
                        + "    key_file: ${XTALFLOW_TEST_SSH_KEY}\n    known_hosts: ${XTALFLOW_TEST_KNOWN_HOSTS}\n    scheduler: slurm\n"
                        + "    work_root: ${XTALFLOW_TEST_WORK_ROOT}/" + tag + "\n"
                        + "    vasp_command: bash "
                        + Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath() + " "
                        + SharedData.path("vasp_outputs", "outputs") + "\n"
                        + "    max_queued_jobs: 10\n    poll_interval_s: 1\n"
                        + "    ssh: {min_connect_interval_s: 0.1, commands_per_minute: 6000, reconnect_initial_s: 0.2, reconnect_max_s: 1, reconnect_attempts: 3, pause_s: 5}\n");
        List<String> dirs = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path d = Files.createDirectories(tmp.resolve("bundles").resolve(tag + "-b" + i));
            Files.copy(Path.of("src/test/resources/hpc/job.sh"), d.resolve("job.sh"));
            Files.writeString(d.resolve("manifest.json"), "{\"candidate_id\": \"" + tag + "-b" + i + "\"}");
            dirs.add(d.toString());
        }
        Path bad = Files.createDirectories(tmp.resolve("bundles/bad"));
        Files.writeString(bad.resolve("manifest.json"), "{\"candidate_id\": \"x; rm -rf /\"}");
        String store = tmp.resolve("store.db").toString();

        List<String> args =
                new ArrayList<>(List.of("submit", "--cluster", "t", "--config", conf.toString(), "--store", store));
        args.addAll(dirs);
        args.add(bad.toString());
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_INPUT_FAILED); // the bad bundle
        assertThat(r.err()).contains("not a safe name");
        assertThat(r.out()).contains(tag + "-b1  SUBMITTED  job ").contains(tag + "-b2  SUBMITTED  job ");

        Run again = run(args.subList(0, args.size() - 1).toArray(String[]::new));
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains(tag + "-b1  already").doesNotContain(tag + "-b1  SUBMITTED");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Run j = run("jobs", "--cluster", "t", "--config", conf.toString(), "--store", store);
                    assertThat(j.err()).contains("scheduler call(s)");
                    return j.out().lines().filter(l -> l.contains("FINISHED")).count() == 2;
                });
        Run f = run(
                "fetch",
                "--cluster",
                "t",
                "--out",
                tmp.resolve("out").toString(),
                "--config",
                conf.toString(),
                "--store",
                store);
        assertThat(f.code()).as(f.out() + f.err()).isZero();
        assertThat(tmp.resolve("out").resolve(tag + "-b1").resolve("vasprun.xml"))
                .exists();
        assertThat(tmp.resolve("out").resolve(tag + "-b2").resolve("OUTCAR")).exists();

        Run unknown = run("jobs", "--cluster", "nope", "--config", conf.toString(), "--store", store);
        assertThat(unknown.code()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(unknown.err()).contains("unknown cluster 'nope'");
    }
}
