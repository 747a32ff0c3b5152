package org.xtalflow.hpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.testing.SharedData;

/**
 * The local test cluster started by scripts/testenv-up.sh (real OpenSSH on 127.0.0.1 + real
 * single-node Slurm), described by its XTALFLOW_TEST_* environment variables. Without them, a
 * test FAILS under CI (CI=true) and is skipped for a developer who did not start the env.
 */
final class TestCluster {
    final String host;
    final int port;
    final String user;
    final Path key;
    final Path knownHosts;
    final Path sshdConfig;
    final Path sshdPidFile;
    final Path slurmConf;
    final Path workRoot;

    private TestCluster() {
        host = env("XTALFLOW_TEST_SSH_HOST");
        port = Integer.parseInt(env("XTALFLOW_TEST_SSH_PORT"));
        user = env("XTALFLOW_TEST_SSH_USER");
        key = Path.of(env("XTALFLOW_TEST_SSH_KEY"));
        knownHosts = Path.of(env("XTALFLOW_TEST_KNOWN_HOSTS"));
        sshdConfig = Path.of(env("XTALFLOW_TEST_SSHD_CONFIG"));
        sshdPidFile = Path.of(env("XTALFLOW_TEST_SSHD_PIDFILE"));
        slurmConf = Path.of(env("XTALFLOW_TEST_SLURM_CONF"));
        workRoot = Path.of(env("XTALFLOW_TEST_WORK_ROOT"));
    }

    private static String env(String name) {
        return System.getenv(name);
    }

    /** The running test cluster, or fail (CI) / skip (developer) with how to start it. */
    static TestCluster require() {
        org.xtalflow.testing.TestCluster.require();
        return new TestCluster();
    }

    /** Fast, still polite, policy for tests. */
    static SshPolicy testPolicy() {
        return new SshPolicy(4, 100, 12_000, 5, 200, 1_000, 4, 2_000, 5_000, 60_000);
    }

    ClusterProfile profile(
            String name, String subRoot, int port, Path knownHosts, int maxQueued, Map<String, String> resources) {
        Path outputs = SharedData.path("vasp_outputs", "outputs");
        Path standin = Path.of("src/test/resources/hpc/vasp-standin.sh").toAbsolutePath();
        return new ClusterProfile(
                name,
                host,
                port,
                user,
                key,
                knownHosts,
                false,
                BatchSystem.SLURM,
                workRoot.resolve(subRoot).toString(),
                new JobResources(
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of("# module load vasp/6.4.2 (none on the test cluster)"),
                        "bash " + standin + " " + outputs,
                        "/nonexistent/potpaw_PBE_54",
                        resources),
                maxQueued,
                1,
                false,
                testPolicy());
    }

    ClusterProfile profile(String name, String subRoot) {
        return profile(name, subRoot, port, knownHosts, 1000, Map.of());
    }

    /** Writes a bundle folder (job.sh + manifest.json + POSCAR [+ STANDIN_MODE]) for a candidate. */
    static Path bundle(Path root, String candidateId, String mode, String extraSbatch) throws IOException {
        Path dir = Files.createDirectories(root.resolve(candidateId));
        String job = Files.readString(Path.of("src/test/resources/hpc/job.sh"));
        if (extraSbatch != null) job = job.replace("#SBATCH --ntasks=1", "#SBATCH --ntasks=1\n" + extraSbatch);
        Files.writeString(dir.resolve("job.sh"), job);
        Files.writeString(
                dir.resolve("manifest.json"),
                "{\"candidate_id\": \"" + candidateId + "\", \"job_script\": \"job.sh\"}\n");
        Files.copy(SharedData.path("vasp_inputs", "POSCAR_LiFePO4"), dir.resolve("POSCAR"));
        if (mode != null) Files.writeString(dir.resolve("STANDIN_MODE"), mode + "\n");
        return dir;
    }

    /** Adds a candidate walked to PREPARED with a bundle in {@code bundles}. */
    static Candidate prepared(CandidateStore store, String campaign, Path bundles, String mode, String extraSbatch)
            throws IOException {
        Candidate c = store.addCandidate(campaign, CandidateChange.none());
        store.transition(c.id(), CandidateState.GENERATED, CandidateState.SCREENED, null);
        Path b = bundle(bundles, c.id(), mode, extraSbatch);
        return store.transition(
                c.id(),
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateChange.none().withBundlePath(b.toString()));
    }

    /** Runs a Slurm client command locally against the test cluster (test-side checks only). */
    String slurm(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", slurmConf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    /** Stops sshd: the listener and every per-connection child (so open connections drop). */
    void stopSshd() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(sshdPidFile).trim());
        ProcessHandle listener =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("sshd " + pid + " not running"));
        List<ProcessHandle> kids = listener.descendants().toList();
        listener.destroyForcibly();
        for (ProcessHandle k : kids) k.destroyForcibly();
        listener.onExit().join();
        for (ProcessHandle k : kids) k.onExit().join();
    }

    void startSshd() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "/usr/sbin/sshd",
                        "-f",
                        sshdConfig.toString(),
                        "-E",
                        sshdConfig.resolveSibling("sshd.log").toString())
                .inheritIO()
                .start();
        if (p.waitFor() != 0) throw new IllegalStateException("sshd did not restart (exit " + p.exitValue() + ")");
    }
}
