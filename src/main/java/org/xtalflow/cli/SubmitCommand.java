package org.xtalflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.campaign.StoreException;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.JobBundleDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Submits prepared VASP job bundles to a cluster. Each bundle's candidate is recorded in the store
 * (SUBMITTING before the scheduler is asked), so re-running the command never submits a candidate
 * twice: candidates already on the cluster are reported, not resubmitted.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        footer = {
            "%nExample:",
            "  # (example-slurm stands for a profile of your cluster in conf/xtalflow.yaml, section clusters)",
            "  bin/xtalflow submit var/bundles/BaTe_mp-1000 --cluster example-slurm"
        },
        description = "Submit job bundles (folders with manifest.json + job script) to a cluster over SSH.")
public final class SubmitCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "BUNDLE_DIR", description = "Bundle folders.")
    List<Path> bundles;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "Cluster profile name.")
    String cluster;

    @Option(
            names = "--campaign",
            defaultValue = "cli",
            paramLabel = "ID",
            description =
                    "Campaign to file bundles under when the store does not know them yet (default: ${DEFAULT-VALUE}).")
    String campaign;

    @Mixin
    HpcOptions options;

    @Override
    public Integer call() {
        ClusterProfile profile = options.profiles().get(cluster); // unknown or bad profile: exit 3 (ErrorPolicy)
        int failed = 0;
        boolean remote = false;
        try (CandidateStore store = options.openStore();
                ClusterJobs session = ClusterJobs.open(profile, store)) {
            List<String> ids = new ArrayList<>();
            for (Path b : bundles) {
                try {
                    JobBundleDir bundle = JobBundleDir.read(b);
                    Candidate c = store.registerPrepared(
                            campaign, bundle.candidateId(), b.toAbsolutePath().toString());
                    if (c.state() != CandidateState.PREPARED) {
                        System.out.printf(
                                "%s  already %s%s%n",
                                c.id(),
                                c.state(),
                                c.jobId() == null ? "" : "  job " + c.jobId() + " on " + c.cluster());
                        continue;
                    }
                    ids.add(c.id());
                } catch (BadInputException | StoreException e) {
                    failed++;
                    System.err.println("error: " + e.getMessage());
                }
            }
            for (ClusterJobs.SubmitResult r : session.submitAll(ids)) {
                switch (r.status()) {
                    case SUBMITTED ->
                        System.out.printf("%s  SUBMITTED  job %s on %s%n", r.candidateId(), r.jobId(), cluster);
                    case DEFERRED ->
                        System.out.printf("%s  DEFERRED  %s (stays PREPARED)%n", r.candidateId(), r.reason());
                    case REFUSED -> {
                        failed++;
                        System.out.printf("%s  REFUSED  %s%n", r.candidateId(), r.reason());
                    }
                    case NOT_SENT, UNKNOWN -> {
                        remote = true;
                        System.out.printf("%s  %s  %s%n", r.candidateId(), r.status(), r.reason());
                    }
                }
            }
        } // a connection or scheduler failure (exit 4) or an unusable store (exit 3): ErrorPolicy
        if (remote) return Main.EXIT_REMOTE;
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_INPUT_FAILED;
    }
}
