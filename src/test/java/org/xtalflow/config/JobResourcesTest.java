package org.xtalflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one precedence rule of job resources: vasp.job is the default, a cluster profile overrides it. */
class JobResourcesTest {

    private static final JobResources VASP_JOB = new JobResources(
            "short",
            "proj7",
            2,
            64,
            "12:00:00",
            List.of("module load vasp/6.4.2"),
            "srun vasp_std",
            "/apps/potpaw",
            Map.of("constraint", "cpu", "mem", "4G"));

    @Test
    void everyComponentTheProfileSetsWins() {
        JobResources profile = new JobResources(
                "long",
                "proj9",
                4,
                128,
                "48:00:00",
                List.of("module purge", "module load vasp/6.5"),
                "mpiexec vasp_std",
                "/cluster/potpaw",
                Map.of("mem", "8G"));
        JobResources eff = VASP_JOB.overriddenBy(profile);
        assertThat(eff.partition()).isEqualTo("long");
        assertThat(eff.account()).isEqualTo("proj9");
        assertThat(eff.nodes()).isEqualTo(4);
        assertThat(eff.ntasks()).isEqualTo(128);
        assertThat(eff.walltime()).isEqualTo("48:00:00");
        assertThat(eff.modules()).containsExactly("module purge", "module load vasp/6.5");
        assertThat(eff.vaspCommand()).isEqualTo("mpiexec vasp_std");
        assertThat(eff.potcarLibrary()).isEqualTo("/cluster/potpaw");
        // options merge by name: the profile's value wins, the default's other options stay
        assertThat(eff.schedulerOptions()).isEqualTo(Map.of("constraint", "cpu", "mem", "8G"));
    }

    @Test
    void everyComponentTheProfileLeavesUnsetKeepsTheVaspJobDefault() {
        assertThat(VASP_JOB.overriddenBy(JobResources.unset())).isEqualTo(VASP_JOB);
        // one component at a time: only that one changes
        JobResources partitionOnly = new JobResources("long", null, null, null, null, null, null, null, null);
        assertThat(VASP_JOB.overriddenBy(partitionOnly))
                .isEqualTo(new JobResources(
                        "long",
                        "proj7",
                        2,
                        64,
                        "12:00:00",
                        List.of("module load vasp/6.4.2"),
                        "srun vasp_std",
                        "/apps/potpaw",
                        Map.of("constraint", "cpu", "mem", "4G")));
        JobResources commandOnly = new JobResources(null, null, null, null, null, null, "vasp_gam", null, null);
        assertThat(VASP_JOB.overriddenBy(commandOnly))
                .isEqualTo(new JobResources(
                        "short",
                        "proj7",
                        2,
                        64,
                        "12:00:00",
                        List.of("module load vasp/6.4.2"),
                        "vasp_gam",
                        "/apps/potpaw",
                        Map.of("constraint", "cpu", "mem", "4G")));
        // an empty list or "" is a value, not "unset": the profile says "none"
        JobResources noModules = new JobResources("", null, null, null, null, List.of(), null, null, Map.of());
        JobResources eff = VASP_JOB.overriddenBy(noModules);
        assertThat(eff.partition()).isEmpty();
        assertThat(eff.modules()).isEmpty();
        assertThat(eff.schedulerOptions()).isEqualTo(VASP_JOB.schedulerOptions());
    }

    @Test
    void vaspJobIsTheBuiltInDefaultsOverriddenByTheSection() {
        JobResources written =
                JobResources.fromMap(Map.of("queue", "workq", "ntasks", 8, "modules", List.of("intel", "vasp")));
        assertThat(written)
                .isEqualTo(JobResources.defaults()
                        .overriddenBy(new JobResources(
                                "workq",
                                null,
                                null,
                                8,
                                null,
                                List.of("module load intel", "module load vasp"),
                                null,
                                null,
                                null)));
        assertThat(written.complete()).isTrue();
        assertThat(written.nodes()).isEqualTo(1);
        assertThat(written.walltime()).isEqualTo("24:00:00");
        assertThat(written.vaspCommand()).isEqualTo("srun vasp_std");
        assertThat(JobResources.fromMap(null)).isEqualTo(JobResources.defaults());
        assertThat(JobResources.unset().complete()).isFalse();
    }

    @Test
    void setValuesAreStillChecked() {
        assertThatThrownBy(() -> new JobResources(null, null, 0, null, null, null, null, null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("nodes >= 1");
        assertThatThrownBy(() -> new JobResources(null, null, null, null, "soon", null, null, null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("walltime");
        assertThatThrownBy(() -> new JobResources(null, null, null, null, null, null, " ", null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vasp command");
    }
}
