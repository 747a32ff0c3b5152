package org.xtalflow.hpc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateChange;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.SshPolicy;

/**
 * Submission throughput and polling cost against the local test cluster (real OpenSSH + Slurm
 * from scripts/testenv-up.sh). Jobs sleep (time limit 10 min) so that they stay tracked while the
 * poll cost is measured at 10, 100, 500 and 1,000 jobs; they are cancelled at the end.
 *
 * <p>Run (after {@code source <(bash scripts/testenv-up.sh)} and {@code mvn -o -q test-compile}):
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *   org.xtalflow.hpc.bench.HpcSubmitPollBench [THREADS]</pre>
 */
public final class HpcSubmitPollBench {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        String campaign = "bench" + System.currentTimeMillis() % 100000;
        Path tmp = Files.createTempDirectory("xf-bench");
        SshPolicy policy = new SshPolicy(4, 1_000, 6_000, 30, 500, 5_000, 4, 30_000, 10_000, 120_000);
        ClusterProfile p = new ClusterProfile(
                "bench",
                env("XTALFLOW_TEST_SSH_HOST"),
                Integer.parseInt(env("XTALFLOW_TEST_SSH_PORT")),
                env("XTALFLOW_TEST_SSH_USER"),
                Path.of(env("XTALFLOW_TEST_SSH_KEY")),
                Path.of(env("XTALFLOW_TEST_KNOWN_HOSTS")),
                false,
                BatchSystem.SLURM,
                env("XTALFLOW_TEST_WORK_ROOT") + "/" + campaign,
                new JobResources(null, null, null, null, null, List.of(), "sleep 600", null, Map.of("time", "10")),
                5000,
                60,
                false,
                policy);
        System.out.printf(
                Locale.ROOT,
                "policy: %d channels, %d commands/min, %d submit threads%n",
                policy.maxChannels(),
                policy.commandsPerMinute(),
                threads);
        try (CandidateStore store = CandidateStore.openSqlite(tmp.resolve("store.db"));
                ClusterJobs s = ClusterJobs.open(p, store)) {
            store.createCampaign(campaign, null, "bench", 0, null);
            // what one remote command costs on this machine (SSH session + shell), for scale
            long[] rtt = new long[21];
            for (int k = 0; k < rtt.length; k++) {
                long t = System.nanoTime();
                s.host().exec("true");
                rtt[k] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(rtt);
            System.out.printf(
                    Locale.ROOT,
                    "one remote command (`true`): median %d ms (min %d, max %d)%n",
                    rtt[10],
                    rtt[0],
                    rtt[20]);
            if (args.length > 1 && args[1].equals("rtt")) return;
            int done = 0;
            for (int target : new int[] {10, 100, 500, 1000}) {
                List<String> ids = new ArrayList<>();
                for (int i = done; i < target; i++)
                    ids.add(prepared(store, campaign, tmp, i).id());
                long calls0 = s.schedulerCalls(),
                        conns0 = s.hostStats().connectionsOpened(),
                        cmds0 = s.hostStats().commandsRun();
                long t0 = System.nanoTime();
                submitParallel(s, ids, threads);
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "submit %4d -> %4d jobs: %.1f s, %.1f jobs/s, ssh connections opened %d, "
                                + "remote commands %d, scheduler queries %d%n",
                        done,
                        target,
                        secs,
                        ids.size() / secs,
                        s.hostStats().connectionsOpened() - conns0,
                        s.hostStats().commandsRun() - cmds0,
                        s.schedulerCalls() - calls0);
                done = target;
                long[] ms = new long[5];
                int calls = 0;
                int tracked = 0;
                for (int k = 0; k < ms.length; k++) {
                    ClusterJobs.PollReport r = s.poll();
                    ms[k] = r.latencyMs();
                    calls = Math.max(calls, r.schedulerCalls());
                    tracked = r.tracked();
                }
                Arrays.sort(ms);
                System.out.printf(
                        Locale.ROOT,
                        "poll with %4d tracked jobs: median %d ms (min %d, max %d), scheduler calls per cycle %d%n",
                        tracked,
                        ms[2],
                        ms[0],
                        ms[4],
                        calls);
            }
            System.out.printf(
                    Locale.ROOT,
                    "total: ssh connections opened %d, remote commands %d, SFTP transfers %d%n",
                    s.hostStats().connectionsOpened(),
                    s.hostStats().commandsRun(),
                    s.hostStats().transfers());
            s.host()
                    .exec("scancel --user=" + env("XTALFLOW_TEST_SSH_USER") + " --name=" + "xf-" + campaign
                            + "-000001 >/dev/null 2>&1; " + "squeue -h -u " + env("XTALFLOW_TEST_SSH_USER")
                            + " -o %i,%j | grep ',xf-" + campaign + "-' | cut -d, -f1 | xargs -r scancel");
        }
    }

    private static void submitParallel(ClusterJobs s, List<String> ids, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ClusterJobs.SubmitResult>> fs = new ArrayList<>();
            for (String id : ids) fs.add(pool.submit(() -> s.submit(id)));
            for (Future<ClusterJobs.SubmitResult> f : fs) {
                ClusterJobs.SubmitResult r = f.get();
                if (r.status() != ClusterJobs.SubmitStatus.SUBMITTED) throw new IllegalStateException(r.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Candidate prepared(CandidateStore store, String campaign, Path tmp, int i) throws Exception {
        Candidate c = store.addCandidate(campaign, CandidateChange.none());
        Path d = Files.createDirectories(tmp.resolve("bundles").resolve(c.id()));
        Files.writeString(d.resolve("job.sh"), "#!/bin/bash\nsource ./xtalflow-env.sh\n$XTALFLOW_VASP_COMMAND\n");
        Files.writeString(d.resolve("manifest.json"), "{\"candidate_id\": \"" + c.id() + "\"}\n");
        Files.writeString(d.resolve("INCAR"), "PREC = Accurate\nENCUT = 520\n");
        store.transition(c.id(), CandidateState.GENERATED, CandidateState.SCREENED, null);
        return store.transition(
                c.id(),
                CandidateState.SCREENED,
                CandidateState.PREPARED,
                CandidateChange.none().withBundlePath(d.toString()));
    }

    private static String env(String k) {
        String v = System.getenv(k);
        if (v == null) throw new IllegalStateException(k + " not set: source <(bash scripts/testenv-up.sh) first");
        return v;
    }
}
