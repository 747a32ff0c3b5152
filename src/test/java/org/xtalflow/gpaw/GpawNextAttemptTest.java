package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Element;
import org.xtalflow.crystal.Lattice;
import org.xtalflow.crystal.Site;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.vasp.inputs.BundleManifest;
import org.xtalflow.vasp.inputs.JobBundle;

/**
 * The next attempt of a GPAW bundle: the corrections of a real failed job (the recorded SCF failure
 * of src/test/resources/gpaw/na2-scf-not-converged, see SOURCE.md) applied to a bundle, and the
 * physics lock refusing what would change the energy scale.
 */
class GpawNextAttemptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Path failedRun() {
        return Path.of("src/test/resources/gpaw/na2-scf-not-converged");
    }

    /** A bundle of two Na atoms a little further apart than the recorded run's last geometry. */
    private JobBundle bundle() {
        Structure na2 = new Structure(
                Lattice.cubic(4.0),
                List.of(
                        new Site(Element.of("Na"), new double[] {0, 0, 0}),
                        new Site(Element.of("Na"), new double[] {0.25, 0, 0})));
        JobResources res = new JobResources("", "", 1, 1, "00:30:00", List.of(), "unused", "", Map.of());
        return new GpawBundleWriter(Path.of("templates"), BatchSystem.SLURM, res, "/usr/bin/python3")
                .write(dir, "cand-na2", na2, GpawInputSet.bundled("test").forCrystal(na2));
    }

    @Test
    void anScfFailureGetsMoreIterationsAGentlerMixerAndItsLastGeometry() throws Exception {
        JobBundle b = bundle();
        Path next = b.directory();
        JsonNode before = JSON.readTree(next.resolve(GpawJobSettings.FILE_NAME).toFile());
        GpawResult failed = GpawResultReader.readDirectory(failedRun());
        assertThat(failed.errors()).containsExactly(GpawError.SCF_NOT_CONVERGED);
        GpawCorrections plan = GpawCorrections.plan(failed, before.path("scf"), 1, 5);

        GpawNextAttempt.apply(next, failed, plan, 1);

        JsonNode after = JSON.readTree(next.resolve(GpawJobSettings.FILE_NAME).toFile());
        int maxiter = before.path("scf").path("maxiter").asInt();
        assertThat(after.path("scf").path("maxiter").asInt()).isEqualTo(2 * maxiter);
        assertThat(after.path("scf").path("mixer").path("beta").asDouble()).isEqualTo(0.025);
        assertThat(after.path("scf").path("mixer").path("nmaxold").asInt()).isEqualTo(5);
        assertThat(after.path("scf").path("mixer").path("weight").asDouble()).isEqualTo(100.0);
        // the thresholds and everything else are the set's
        assertThat(after.path("scf").path("energy_ev_per_electron"))
                .isEqualTo(before.path("scf").path("energy_ev_per_electron"));
        ObjectNode rest = ((ObjectNode) after.deepCopy());
        rest.remove("scf");
        ObjectNode restBefore = ((ObjectNode) before.deepCopy());
        restBefore.remove("scf");
        assertThat(rest).isEqualTo(restBefore);
        // the last geometry (0.8 Å apart) replaces the bundle's (1.0 Å apart)
        Structure poscar = Poscar.read(next.resolve("POSCAR")).structure();
        assertThat(poscar.sites().get(1).frac()[0]).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        // the manifest follows the changed files; the driver and the job script are untouched
        BundleManifest m = BundleManifest.read(next.resolve(BundleManifest.FILE_NAME));
        for (String f : List.of("POSCAR", GpawJobSettings.FILE_NAME, GpawBundleWriter.DRIVER, JobBundle.JOB_SCRIPT)) {
            assertThat(m.files().get(f)).as(f).isEqualTo(BundleManifest.sha256(Files.readAllBytes(next.resolve(f))));
        }
        assertThat(m.files().get(JobBundle.JOB_SCRIPT))
                .isEqualTo(b.manifest().files().get(JobBundle.JOB_SCRIPT));
        assertThat(Files.readString(next.resolve(GpawNextAttempt.LOG)))
                .isEqualTo(
                        "1\tscf_not_converged\tscf.maxiter " + maxiter + " -> " + 2 * maxiter
                                + "; scf.mixer beta 0.05 -> 0.025, weight 50 -> 100; restart from the last geometry (0 steps done)\n");
        // the same change is valid in the input set's schema (scf.mixer is checked there too)
        assertThat(GpawInputSet.bundled("test")
                        .withOverrides(plan.overrides())
                        .tree()
                        .path("scf")
                        .path("mixer")
                        .path("beta")
                        .asDouble())
                .isEqualTo(0.025);
    }

    @Test
    void thePhysicsLockRefusesEveryChangeToTheEnergyScale() throws Exception {
        ObjectNode settings = (ObjectNode)
                JSON.readTree(failedRun().resolve(GpawJobSettings.FILE_NAME).toFile());
        for (Map.Entry<String, Object> change : List.of(
                Map.entry("ecut_ev", (Object) 500),
                Map.entry("kpoint_density", (Object) 1000),
                Map.entry("kpoints", (Object) Map.of("mesh", List.of(2, 2, 2), "gamma", true)),
                Map.entry("smearing", (Object) Map.of("name", "fermi-dirac", "width_ev", 0.2)),
                Map.entry("xc", (Object) "LDA"),
                Map.entry("setups", (Object) "sg15"),
                Map.entry("spinpol", (Object) true),
                Map.entry("settings_hash", (Object) "0"))) {
            assertThatThrownBy(() ->
                            GpawNextAttempt.correctedSettings(settings, Map.of(change.getKey(), change.getValue())))
                    .as(change.getKey())
                    .isInstanceOf(GpawException.class)
                    .hasMessageContaining("'" + change.getKey() + "' is locked");
        }
        assertThatThrownBy(() -> GpawNextAttempt.correctedSettings(settings, Map.of("mpi_ranks", 4)))
                .isInstanceOf(GpawException.class)
                .hasMessageContaining("'mpi_ranks' is not a setting a correction may change");
        // SCF and relaxation controls pass, and only they change
        ObjectNode next = GpawNextAttempt.correctedSettings(
                settings, Map.of("scf", Map.of("maxiter", 48), "relax", Map.of("max_steps", 10)));
        assertThat(next.path("scf").path("maxiter").asInt()).isEqualTo(48);
        assertThat(next.path("scf").path("density"))
                .isEqualTo(settings.path("scf").path("density"));
        assertThat(next.path("relax").path("max_steps").asInt()).isEqualTo(10);
        assertThat(next.path("settings_hash")).isEqualTo(settings.path("settings_hash"));
    }

    @Test
    void aLongerWalltimeIsWrittenForTheJobScriptsDeadline() throws Exception {
        JobBundle b = bundle();
        GpawNextAttempt.walltime(b.directory(), "1-02:00:00");
        assertThat(Files.readString(b.directory().resolve(GpawNextAttempt.WALLTIME_FILE)))
                .isEqualTo("93600\n");
        assertThat(Files.readString(b.directory().resolve(JobBundle.JOB_SCRIPT)))
                .contains("if [ -f " + GpawNextAttempt.WALLTIME_FILE + " ]");
        assertThatThrownBy(() -> GpawNextAttempt.walltime(b.directory(), "soon"))
                .isInstanceOf(GpawException.class)
                .hasMessageContaining("'soon'");
    }
}
