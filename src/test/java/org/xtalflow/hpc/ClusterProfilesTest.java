package org.xtalflow.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;

class ClusterProfilesTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedConfigurationLoads() {
        ClusterProfiles all = ClusterProfiles.load(Path.of("conf/xtalflow.yaml"), k -> null);
        assertThat(all.all()).containsKeys("example-slurm", "example-pbs", "local");
        ClusterProfile s = all.get("example-slurm");
        assertThat(s.scheduler()).isEqualTo(BatchSystem.SLURM);
        assertThat(s.maxQueuedJobs()).isPositive();
        assertThat(s.trustOnFirstUse()).isFalse();
        assertThat(all.get("example-pbs").scheduler()).isEqualTo(BatchSystem.PBS);
        assertThat(all.get("local").scheduler()).isEqualTo(BatchSystem.LOCAL);
    }

    @Test
    void environmentVariablesAndDefaultsExpand() throws Exception {
        Path f = tmp.resolve("x.yaml");
        Files.writeString(f, """
                generator: {samples: 10}
                clusters:
                  test:
                    host: 127.0.0.1
                    port: ${PORT}
                    user: ${USER_X:-bob}
                    key_file: ${KEY}
                    known_hosts: /tmp/kh
                    scheduler: slurm
                    work_root: /scratch/bob/xf
                    resources: {time: "01:00:00"}
                    modules: ["module load vasp"]
                    max_queued_jobs: 5
                    poll_interval_s: 30
                    ssh: {max_channels: 2, commands_per_minute: 120, reconnect_initial_s: 0.5}
                """);
        Map<String, String> env = Map.of("PORT", "2222", "KEY", "/tmp/id_ed25519");
        ClusterProfile p = ClusterProfiles.load(f, env::get).get("test");
        assertThat(p.port()).isEqualTo(2222);
        assertThat(p.user()).isEqualTo("bob");
        assertThat(p.keyFile()).isEqualTo(Path.of("/tmp/id_ed25519"));
        assertThat(p.job().schedulerOptions()).containsEntry("time", "01:00:00");
        assertThat(p.ssh().maxChannels()).isEqualTo(2);
        assertThat(p.ssh().commandsPerMinute()).isEqualTo(120);
        assertThat(p.ssh().reconnectInitialMs()).isEqualTo(500);
        assertThat(p.jobDir("c-000001")).isEqualTo("/scratch/bob/xf/c-000001");
    }

    @Test
    void mistakesAreConfigurationErrorsNamingTheKey() throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(
                f,
                "clusters:\n  a:\n    host: h\n    user: u\n    key_file: /k\n    known_hosts: /kh\n    work_root: /w\n    max_queue_jobs: 3\n");
        assertThatThrownBy(() -> ClusterProfiles.load(f, k -> null))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("unknown key 'clusters.a.max_queue_jobs'");
        Files.writeString(f, "clusters:\n  a:\n    scheduler: lsf\n    work_root: /w\n");
        assertThatThrownBy(() -> ClusterProfiles.load(f, k -> null)).hasMessageContaining("scheduler 'lsf'");
        Files.writeString(
                f,
                "clusters:\n  a:\n    host: h\n    user: u\n    key_file: ${NOPE}\n    known_hosts: /kh\n    work_root: /w\n");
        assertThatThrownBy(() -> ClusterProfiles.load(f, k -> null)).hasMessageContaining("NOPE is not set");
        Files.writeString(
                f,
                "clusters:\n  a:\n    host: h\n    user: u\n    key_file: /k\n    known_hosts: /kh\n    work_root: '/w; rm -rf /'\n");
        assertThatThrownBy(() -> ClusterProfiles.load(f, k -> null)).hasMessageContaining("work_root");
        assertThatThrownBy(() -> ClusterProfiles.load(tmp.resolve("none.yaml"), k -> null))
                .hasMessageContaining("cannot read");
        Files.writeString(f, "clusters: {}\n");
        assertThatThrownBy(() -> ClusterProfiles.load(f, k -> null).get("x"))
                .hasMessageContaining("unknown cluster 'x'");
    }

    @Test
    void aProfileOverridesVaspJobOnlyWhereItSetsAValue() throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, """
                clusters:
                  set:
                    scheduler: local
                    work_root: /tmp/xf
                    queue: long
                    resources: {time: "01:00:00"}
                    modules: ["module load vasp/6.5"]
                    vasp_command: mpiexec vasp_std
                    potcar_library: /apps/potpaw
                  bare:
                    scheduler: local
                    work_root: /tmp/xf
                """);
        ClusterProfiles all = ClusterProfiles.load(f, k -> null);
        JobResources vaspJob = JobResources.fromMap(Map.of(
                "partition",
                "short",
                "modules",
                List.of("intel"),
                "vasp_command",
                "srun vasp_std",
                "potcar_library",
                "/home/potpaw"));
        JobResources set = vaspJob.overriddenBy(all.get("set").job());
        assertThat(set)
                .isEqualTo(new JobResources(
                        "long",
                        "",
                        1,
                        16,
                        "24:00:00",
                        List.of("module load vasp/6.5"),
                        "mpiexec vasp_std",
                        "/apps/potpaw",
                        Map.of("time", "01:00:00")));
        // a profile without job keys leaves every vasp.job value in place (no built-in vasp_command of its own)
        assertThat(all.get("bare").job()).isEqualTo(JobResources.unset());
        assertThat(vaspJob.overriddenBy(all.get("bare").job())).isEqualTo(vaspJob);
        Files.writeString(f, "clusters:\n  a:\n    scheduler: local\n    work_root: /w\n    vasp_command: \"a\\nb\"\n");
        assertThatThrownBy(() -> ClusterProfiles.load(f, k -> null))
                .isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("clusters.a")
                .hasMessageContaining("one line each");
    }
}
