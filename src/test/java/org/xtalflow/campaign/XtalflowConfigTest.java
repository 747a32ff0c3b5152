package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtalflow.config.ConfigurationException;

/** conf/xtalflow.yaml read once; a typo in any section is refused with the file, the full key and the known keys. */
class XtalflowConfigTest {

    @TempDir
    Path tmp;

    @Test
    void theShippedConfigurationLoadsEverySection() {
        XtalflowConfig c = XtalflowConfig.load(Path.of("conf", "xtalflow.yaml"), k -> null);
        assertThat(c.train().steps()).isEqualTo(2000);
        assertThat(c.screening().maxSites).isEqualTo(32);
        assertThat(c.vasp().job().ntasks()).isEqualTo(16);
        assertThat(c.clusters().all()).containsKeys("example-slurm", "example-pbs", "local", "testenv");
        assertThat(c.thermo().references()).isEmpty();
        assertThat(c.application().path("inbox").asText()).isEqualTo("var/inbox");
        // a fresh screening record per call: a campaign's overrides do not leak into the next
        c.screening().maxSites = 5;
        assertThat(c.screening().maxSites).isEqualTo(32);
    }

    /** One row per section (and nested mapping): the typo'd line, the full dotted key, some known keys. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'screenin: {}'                                        | screenin                               | generator, screening, prescreen, vasp, clusters, thermo, application, limits",
                "'generator: {trian: {}}'                              | generator.trian                        | train",
                "'generator: {train: {stepz: 3}}'                      | generator.train.stepz                  | steps, batch_size",
                "'generator: {train: {physics: {consistancy: 1}}}'     | generator.train.physics.consistancy    | inter_distance, intra_distance, consistency",
                "'screening: {distance: {radius_ration: 0.7}}'         | screening.distance.radius_ration       | min_angstrom, radius_ratio",
                "'screening: {keep_rejectd: true}'                     | screening.keep_rejectd                 | charge, density, distance, duplicate",
                "'vasp: {potcar: /x}'                                  | vasp.potcar                            | input_set, overrides, potcar_dir, scheduler, job",
                "'vasp: {job: {ntask: 4}}'                             | vasp.job.ntask                         | nodes, ntasks, walltime",
                "'clusters: {c1: {scheduler: local, work_root: /w, max_queue_jobs: 3}}' | clusters.c1.max_queue_jobs | max_queued_jobs, poll_interval_s",
                "'clusters: {c1: {scheduler: local, work_root: /w, ssh: {keepalive: 3}}}' | clusters.c1.ssh.keepalive | max_channels, min_connect_interval_s, commands_per_minute, keepalive_s",
                "'prescreen: {max_e_hul: 0.1}'                         | prescreen.max_e_hul                    | enabled, max_e_above_hull, max_formation_energy, windows, top_n_per_system",
                "'thermo: {refernces: bundled}'                        | thermo.refernces                       | correction, references",
                "'application: {inbox_pol_ms: 10}'                     | application.inbox_pol_ms               | routes_dir, work_dir, inbox, outbox",
                "'application: {defaults: {sample: 3}}'                | application.defaults.sample            | samples, generator, input_set, priority, seed",
                "'application: {nightly: {enable: false}}'             | application.nightly.enable             | enabled, cron, time_zone",
                "'application: {queues: {submit: {concurency: 2}}}'    | application.queues.submit.concurency   | size, concurrency",
                "'limits: {inbx: {max_bytes: 1}}'                      | limits.inbx                            | vasp_outputs, structures, entries, inbox",
                "'limits: {structures: {max_site: 1}}'                 | limits.structures.max_site             | max_bytes, max_sites",
            })
    void aTypoInAnySectionNamesFileKeyAndKnownKeys(String yaml, String key, String known) throws Exception {
        Path f = tmp.resolve("xtalflow.yaml");
        Files.writeString(f, yaml + "\n");
        assertThatThrownBy(() -> XtalflowConfig.load(f, k -> null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(f + ": unknown key '" + key + "' (known: ")
                .hasMessageContaining(known);
    }

    @Test
    void aTypoInTheShippedFileIsRefused() throws Exception {
        String shipped = Files.readString(Path.of("conf", "xtalflow.yaml"));
        Path f = tmp.resolve("xtalflow.yaml");
        Files.writeString(f, shipped.replace("  references: \"\"", "  refernces: \"\""));
        assertThatThrownBy(() -> XtalflowConfig.load(f, k -> null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(f + ": unknown key 'thermo.refernces' (known: correction, references, mp)");
    }

    @Test
    void badValuesOfScienceSectionsAreConfigurationErrorsToo() throws Exception {
        Path f = tmp.resolve("xtalflow.yaml");
        Files.writeString(f, "thermo: {correction: mp2023}\n");
        assertThatThrownBy(() -> XtalflowConfig.load(f, k -> null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("thermo.correction must be mp2020 or none");
        Files.writeString(f, "vasp: {scheduler: lsf}\n");
        assertThatThrownBy(() -> XtalflowConfig.load(f, k -> null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("unknown scheduler 'lsf'");
        assertThatThrownBy(() -> XtalflowConfig.load(tmp.resolve("none.yaml")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("none.yaml")
                .hasMessageContaining("--config");
    }
}
