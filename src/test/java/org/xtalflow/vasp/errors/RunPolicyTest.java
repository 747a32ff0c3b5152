package org.xtalflow.vasp.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.vasp.inputs.VaspSettings;

/** The shipped conf/xtalflow.yaml's vasp.workflow, vasp.lock and vasp.corrections, and bad values named. */
class RunPolicyTest {

    @Test
    void theShippedConfigurationLoadsWithMpDefaults() {
        Path conf = Path.of("conf/xtalflow.yaml");
        RunPolicy p = RunPolicy.load(conf);
        assertThat(p.workflow()).isEqualTo("double_relax_static");
        assertThat(p.jobFlow().steps()).containsExactly("relax1", "relax2", "static");
        assertThat(p.lock().entries()).containsExactlyElementsOf(PhysicsLock.DEFAULT);
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.walltimeMarginS()).isEqualTo(300);
        VaspSettings.load(conf); // the vasp section's key check knows the new keys
    }

    @Test
    void unknownKeysAndBadValuesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, "vasp:\n  corrections: {max_tries: 3}\n");
        assertThatThrownBy(() -> RunPolicy.load(f))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vasp.corrections.max_tries")
                .hasMessageContaining(f.toString());
        Files.writeString(f, "vasp:\n  workflow: triple\n");
        assertThatThrownBy(() -> RunPolicy.load(f))
                .hasMessageContaining("vasp.workflow")
                .hasMessageContaining("triple");
        Files.writeString(f, "vasp:\n  lock: [ENCUT, 'K POINTS']\n");
        assertThatThrownBy(() -> RunPolicy.load(f)).hasMessageContaining("K POINTS");
        Files.writeString(f, "vasp:\n  corrections: {max_attempts: 0}\n");
        assertThatThrownBy(() -> RunPolicy.load(f)).hasMessageContaining("max_attempts");
        Files.writeString(f, "vasp:\n  workflow: relax\n  lock: [encut, sigma]\n");
        RunPolicy p = RunPolicy.load(f);
        assertThat(p.jobFlow().steps()).containsExactly("relax");
        assertThat(p.lock().entries()).containsExactly("ENCUT", "SIGMA");
    }
}
