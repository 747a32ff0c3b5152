package org.xtalflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xtalflow.campaign.Candidate;
import org.xtalflow.campaign.CandidateState;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.ClusterJobs;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.ClusterProfiles;
import org.xtalflow.hpc.HpcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Lists the jobs of one or all clusters after one poll per cluster (one scheduler call for all of
 * its jobs); SUBMITTING candidates left by a crash are reconciled first.
 */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  bin/xtalflow jobs --no-poll"},
        description = "Show tracked jobs (polls each cluster once: one scheduler call per cluster).")
public final class JobsCommand implements Callable<Integer> {

    @Option(
            names = "--cluster",
            paramLabel = "NAME",
            description = "Only this cluster (default: every configured one).")
    String cluster;

    @Option(names = "--no-poll", description = "Show the store only; do not contact the clusters.")
    boolean noPoll;

    @Option(names = "--json", description = "One JSON object per line and job.")
    boolean json;

    @Mixin
    HpcOptions options;

    private static final java.util.Set<CandidateState> SHOWN = CandidateState.WITH_JOB;

    @Override
    public Integer call() {
        List<ClusterProfile> profiles = new ArrayList<>();
        ClusterProfiles all = options.profiles();
        if (cluster != null) profiles.add(all.get(cluster));
        else profiles.addAll(all.all().values());
        int code = Main.EXIT_OK;
        ObjectMapper mapper = new ObjectMapper();
        int rows = 0;
        try (CandidateStore store = options.openStore()) {
            if (!json) {
                System.out.printf("%-28s %-10s %-10s %-12s %s%n", "CANDIDATE", "CLUSTER", "STATE", "JOB", "REASON");
            }
            for (ClusterProfile p : profiles) {
                if (!noPoll && store.countOnCluster(p.name()) > 0) {
                    try (ClusterJobs s = ClusterJobs.open(p, store)) {
                        s.reconcile();
                        ClusterJobs.PollReport r = s.poll();
                        System.err.printf(
                                "%s: polled %d jobs with %d scheduler call(s) in %d ms%n",
                                p.name(), r.tracked(), r.schedulerCalls(), r.latencyMs());
                    } catch (HpcException e) {
                        System.err.println("error: " + p.name() + ": " + e.getMessage()
                                + " (showing the store's last known states)");
                        code = Main.EXIT_REMOTE;
                    }
                }
                for (Candidate c : store.byCluster(p.name(), SHOWN)) {
                    rows++;
                    if (json) {
                        ObjectNode o = mapper.createObjectNode();
                        o.put("candidate", c.id());
                        o.put("campaign", c.campaignId());
                        o.put("cluster", p.name());
                        o.put("state", c.state().name());
                        o.put("job_id", c.jobId());
                        o.put("remote_dir", c.remoteDir());
                        o.put("reason", c.reason());
                        o.put("updated_at", c.updatedAt());
                        System.out.println(o);
                    } else {
                        System.out.printf(
                                "%-28s %-10s %-10s %-12s %s%n",
                                c.id(),
                                p.name(),
                                c.state(),
                                c.jobId() == null ? "-" : c.jobId(),
                                c.reason() == null ? "" : c.reason());
                    }
                }
            }
        }
        if (rows == 0) {
            System.err.println("no jobs in the store on "
                    + (profiles.isEmpty()
                            ? "any cluster (none configured)"
                            : String.join(
                                    ", ",
                                    profiles.stream().map(ClusterProfile::name).toList())));
        }
        return code;
    }
}
