package org.xtalflow.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** The local test cluster of scripts/testenv-up.sh (real OpenSSH + real single-node Slurm), as its XTALFLOW_TEST_* say. */
public final class TestCluster {

    public static final List<String> VARIABLES = List.of(
            "XTALFLOW_TEST_SSH_HOST",
            "XTALFLOW_TEST_SSH_PORT",
            "XTALFLOW_TEST_SSH_USER",
            "XTALFLOW_TEST_SSH_KEY",
            "XTALFLOW_TEST_KNOWN_HOSTS",
            "XTALFLOW_TEST_SSHD_CONFIG",
            "XTALFLOW_TEST_SSHD_PIDFILE",
            "XTALFLOW_TEST_SLURM_CONF",
            "XTALFLOW_TEST_WORK_ROOT");

    private TestCluster() {}

    /** XTALFLOW_TEST_* of testenv-up.sh, or fail (CI) / skip (developer) with how to start it. */
    public static Map<String, String> require() {
        for (String v : VARIABLES) {
            if (System.getenv(v) == null || System.getenv(v).isBlank()) {
                String msg = "cluster test needs the local test cluster: " + v + " is not set. Start it with "
                        + "`source <(bash scripts/testenv-up.sh)` (root, Debian packages from scripts/install-deps.sh), "
                        + "or run `bash scripts/test.sh`.";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
                Assumptions.abort(msg + " (skipped: CI is not set)");
            }
        }
        return VARIABLES.stream().collect(Collectors.toMap(v -> v, System::getenv));
    }

    /** A clusters-section profile of the test cluster (yaml, indented for "clusters:"), with extra keys. */
    public static String profileYaml(String name, Map<String, String> env, String workRoot, String extra) {
        return """
                  %s:
                    host: %s
                    port: %s
                    user: %s
                    key_file: %s
                    known_hosts: %s
                    scheduler: slurm
                    work_root: %s
                %s""".formatted(
                        name,
                        env.get("XTALFLOW_TEST_SSH_HOST"),
                        env.get("XTALFLOW_TEST_SSH_PORT"),
                        env.get("XTALFLOW_TEST_SSH_USER"),
                        env.get("XTALFLOW_TEST_SSH_KEY"),
                        env.get("XTALFLOW_TEST_KNOWN_HOSTS"),
                        workRoot,
                        extra.indent(4));
    }
}
