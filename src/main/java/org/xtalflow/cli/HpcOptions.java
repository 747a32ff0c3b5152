package org.xtalflow.cli;

import java.nio.file.Path;
import org.xtalflow.campaign.CandidateStore;
import org.xtalflow.campaign.XtalflowConfig;
import org.xtalflow.hpc.ClusterProfiles;
import picocli.CommandLine.Option;

/** Options shared by submit / jobs / fetch: where the configuration and the store are. */
public final class HpcOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "conf/xtalflow.yaml",
            description = "Configuration with the 'clusters:' section (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(
            names = "--store",
            paramLabel = "FILE",
            description = "Campaign store (SQLite file; default: $XTALFLOW_STORE or ~/.xtalflow/store.db).")
    Path store;

    ClusterProfiles profiles() {
        return XtalflowConfig.load(config).clusters();
    }

    CandidateStore openStore() {
        Path p = store;
        if (p == null) {
            String env = System.getenv("XTALFLOW_STORE");
            p = env != null && !env.isBlank()
                    ? Path.of(env)
                    : Path.of(System.getProperty("user.home"), ".xtalflow", "store.db");
        }
        return CandidateStore.openSqlite(p);
    }
}
