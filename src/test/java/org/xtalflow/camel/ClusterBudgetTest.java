package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.ClusterWork;
import org.xtalflow.hpc.ClusterProfile;
import org.xtalflow.hpc.ClusterProfiles;
import org.xtalflow.hpc.HostStats;

/**
 * The SSH budget line of the status page ({@link ClusterMonitor#budget()}): commands in the last
 * minute of those the profile's ssh.commands_per_minute allows, connections, pauses; from the
 * host's counters as a poll leaves them.
 */
class ClusterBudgetTest {

    @TempDir
    Path root;

    @Test
    void budgetLineCountsCommandsAgainstTheProfileAndShowsConnectionsAndPauses() throws Exception {
        Path conf = root.resolve("xtalflow.yaml");
        Files.writeString(conf, """
                clusters:
                  budget-hpc:
                    host: login.example.org
                    user: alice
                    key_file: /dev/null
                    known_hosts: /dev/null
                    scheduler: slurm
                    work_root: /scratch/alice/xf
                    ssh: {commands_per_minute: 20, max_channels: 3, pause_s: 600}
                  budget-local: {scheduler: local, work_root: %s}
                """.formatted(root.resolve("work")));
        Map<String, ClusterProfile> profiles = ClusterProfiles.load(conf).all();
        ClusterWork work = new ClusterWork(profiles, null, null, root, null);
        Map<String, ClusterMonitor> monitors = ClusterMonitor.register(work, profiles);
        try {
            ClusterMonitor hpc = monitors.get("budget-hpc");
            assertThat(hpc.budget()).startsWith("not polled yet (0/20 commands/min allowed)");
            hpc.sample(new HostStats(1, 100, 0, 0, false, null, 1));
            hpc.sample(new HostStats(1, 105, 0, 0, false, null, 1));
            assertThat(hpc.getCommandsPerMinute()).isPositive();
            assertThat(hpc.budget())
                    .matches("\\d+/20 commands/min; connections: 1 open, 1 opened, 0 failed \\(at most 3 channels\\)"
                            + "; host not paused; submission on");
            work.pause("budget-hpc");
            hpc.sample(new HostStats(3, 110, 0, 6, true, "connection refused", 0));
            assertThat(hpc.budget())
                    .contains("connections: 0 open, 3 opened, 6 failed")
                    .contains("host paused after failed connects (for 600 s)")
                    .endsWith("submission paused by the operator");
            assertThat(ClusterMonitor.budgets(monitors).get("budget-local"))
                    .isEqualTo("local scheduler, no SSH: 0 commands in the last minute; submission on");
        } finally {
            ClusterMonitor.unregister(monitors);
        }
    }
}
