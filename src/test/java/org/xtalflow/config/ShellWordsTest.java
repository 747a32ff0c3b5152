package org.xtalflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.hpc.ClusterConfigException;
import org.xtalflow.hpc.ClusterProfiles;

/** Values that reach a shell: one validation, one quoting (issue 17). */
class ShellWordsTest {

    @TempDir
    Path tmp;

    @Test
    void commandLinesAreWordsOfSafeCharacters() {
        assertThat(ShellWords.commandLine("k", " srun -n 32 --mpi=pmix vasp_std "))
                .isEqualTo("srun -n 32 --mpi=pmix vasp_std");
        assertThat(ShellWords.commandLine("k", "mpirun -np 4 /opt/vasp/6.4.2/bin/vasp_std"))
                .startsWith("mpirun");
        for (String bad : new String[] {
            "srun $(touch /tmp/x) vasp_std",
            "vasp_std; id",
            "a | b",
            "a && b",
            "`id`",
            "vasp > /etc/x",
            "'quoted'",
            "a\nb",
            "vasp_*",
            "",
            "${HOME}/vasp"
        }) {
            assertThatThrownBy(() -> ShellWords.commandLine("conf/x.yaml: vasp.job.vasp_command", bad))
                    .as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("conf/x.yaml: vasp.job.vasp_command: '");
        }
    }

    @Test
    void hostsAreHostNamesOrAddresses() {
        for (String ok :
                new String[] {"login.cluster.example.org", "localhost", "10.0.0.7", "::1", "fe80::1", "a-b.c1"}) {
            assertThat(ShellWords.host("h", ok)).isEqualTo(ok);
        }
        for (String bad : new String[] {"a;touch /tmp/pwned", "-oProxyCommand=x", "a b", "a_b", "$(id)", "", ".."}) {
            assertThatThrownBy(() -> ShellWords.host("h", bad)).as(bad).isInstanceOf(ConfigurationException.class);
        }
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\"'\"'s'");
    }

    @Test
    void clusterProfilesRefuseABadHostOrCommandNamingTheKey() throws Exception {
        String profile = """
                clusters:
                  c1:
                    host: "%s"
                    user: u
                    key_file: /k
                    known_hosts: /kh
                    scheduler: slurm
                    work_root: /scratch/x
                    vasp_command: "%s"
                """;
        Path f = tmp.resolve("xtalflow.yaml");
        Files.writeString(f, profile.formatted("a;touch /tmp/pwned", "srun vasp_std"));
        assertThatThrownBy(() -> ClusterProfiles.load(f, n -> null))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("clusters.c1")
                .hasMessageContaining("host 'a;touch /tmp/pwned' is not a host name");
        Files.writeString(f, profile.formatted("login.example.org", "srun $(touch /tmp/x) vasp_std"));
        assertThatThrownBy(() -> ClusterProfiles.load(f, n -> null))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("vasp_command: 'srun $(touch /tmp/x) vasp_std' is not a plain command line");
        Files.writeString(f, profile.formatted("login.example.org", "srun vasp_std"));
        assertThat(ClusterProfiles.load(f, n -> null).get("c1").job().vaspCommand())
                .isEqualTo("srun vasp_std");
    }
}
