package org.xtalflow.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.hpc.ClusterProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Downloads the results of ended jobs (one tar.gz per job: vasprun.xml, OUTCAR, OSZICAR, CONTCAR,
 * stdout/stderr, manifest.json), checks each archive and unpacks it atomically into OUT/<candidate id>
 * (FINISHED) or OUT/<candidate id>.a<attempt>.failed|timeout (kept for diagnosis).
 */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        footer = {
            "%nExample:",
            "  # (example-slurm stands for a profile of your cluster in conf/xtalflow.yaml, section clusters)",
            "  bin/xtalflow fetch --cluster example-slurm --out var/fetched"
        },
        description =
                "Download results of finished jobs into OUT/<candidate id>/ (failed or timed-out ones into OUT/<id>.a<attempt>.failed|timeout/).")
public final class FetchCommand implements Callable<Integer> {

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "Cluster profile name.")
    String cluster;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--attempts",
            defaultValue = "3",
            description = "Download attempts per job (default: ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--no-poll", description = "Do not poll the cluster first.")
    boolean noPoll;

    @Mixin
    HpcOptions options;

    @Override
    public Integer call() {
        ClusterProfile profile = options.profiles().get(cluster); // unknown or bad profile: exit 3 (ErrorPolicy)
        try (CandidateStore store = options.openStore();
                ClusterJobs s = ClusterJobs.open(profile, store)) {
            if (!noPoll) s.poll();
            ClusterJobs.FetchReport r = s.fetch(out, attempts);
            for (String id : r.fetched()) {
                System.out.printf("%s  fetched  %s%n", id, out.resolve(ClusterJobs.resultFolder(store.get(id))));
            }
            for (Map.Entry<String, String> e : r.failed().entrySet())
                System.out.printf("%s  FAILED  %s%n", e.getKey(), e.getValue());
            if (r.fetched().isEmpty() && r.failed().isEmpty()) System.err.println(cluster + ": nothing to fetch");
            return r.failed().isEmpty() ? Main.EXIT_OK : Main.EXIT_REMOTE;
        } // a connection or scheduler failure (exit 4) or an unusable store (exit 3): ErrorPolicy
    }
}
