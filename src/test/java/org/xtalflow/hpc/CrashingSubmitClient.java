package org.xtalflow.hpc;

import java.nio.file.Path;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;

/**
 * A real submission client run as its own JVM by {@link KillNineClusterTest}: it submits one
 * candidate through SSH to the test Slurm and, at the chosen point, announces it on stdout and
 * waits to be killed with SIGKILL by the test. Points: {@code after-sbatch} (sbatch returned, the
 * store not yet updated) and {@code before-sbatch} (SUBMITTING committed, sbatch not yet run).
 *
 * <p>Arguments: STORE_FILE CAMPAIGN_SUBROOT CANDIDATE_ID POINT
 */
public final class CrashingSubmitClient {
    public static void main(String[] args) throws Exception {
        Path storeFile = Path.of(args[0]);
        String subRoot = args[1];
        String candidateId = args[2];
        String point = args[3];
        TestCluster tc = TestCluster.require();
        ClusterProfile p = tc.profile("testslurm", subRoot);
        SshHost ssh = new SshHost(p);
        RemoteHost host = new InterceptedHost(ssh, command -> {
            boolean submit = command.contains("sbatch ");
            if (submit && point.equals("before-sbatch")) hang("BEFORE-SBATCH");
            ExecResult r = ssh.exec(command);
            if (submit && point.equals("after-sbatch"))
                hang("AFTER-SBATCH " + r.stdout().strip());
            return r;
        });
        try (CandidateStore store = CandidateStore.openSqlite(storeFile);
                ClusterJobs s = new ClusterJobs(p, host, new SlurmScheduler(), store, SafeArchive.Limits.defaults())) {
            s.submit(candidateId);
        }
        System.out.println("NOT-KILLED");
    }

    private static void hang(String line) {
        System.out.println(line);
        System.out.flush();
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(99);
    }
}
