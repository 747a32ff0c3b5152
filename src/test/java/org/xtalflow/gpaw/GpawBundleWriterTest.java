package org.xtalflow.gpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.vasp.inputs.JobBundle;
import org.xtalflow.vasp.inputs.VaspInputException;

class GpawBundleWriterTest {

    static final Path TEMPLATES = Path.of("templates");

    @Test
    void bundleHoldsStructureSettingsDriverAndJobScript(@TempDir Path out) throws Exception {
        Structure nial = GpawInputSetTest.b2("Ni", "Al", 2.89);
        GpawJobSettings s = GpawInputSet.bundled("test").forCrystal(nial);
        JobResources res = new JobResources(
                "short", "proj1", 1, 4, "01:30:00", List.of("module load gpaw/22.8"), "unused", "", java.util.Map.of());
        JobBundle b = new GpawBundleWriter(TEMPLATES, BatchSystem.SLURM, res, "/usr/bin/python3")
                .write(out, "cand-7", nial, s);
        assertThat(b.directory()).isEqualTo(out.resolve("cand-7"));
        assertThat(b.verify()).isEmpty();
        assertThat(b.manifest().files())
                .containsOnlyKeys("POSCAR", GpawJobSettings.FILE_NAME, GpawBundleWriter.DRIVER, JobBundle.JOB_SCRIPT);
        assertThat(b.manifest().potcarMode()).isEqualTo(GpawBundleWriter.SETUPS_MODE);
        assertThat(b.manifest().potcarSymbols()).containsExactly("Al:paw", "Ni:paw");
        assertThat(Poscar.read(b.directory().resolve("POSCAR")).structure().size())
                .isEqualTo(2);
        JsonNode settings = new ObjectMapper()
                .readTree(b.directory().resolve(GpawJobSettings.FILE_NAME).toFile());
        assertThat(settings.path("settings_hash").asText())
                .isEqualTo(GpawInputSet.bundled("test").settingsHash());
        assertThat(settings.path("spinpol").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(b.directory().resolve(GpawBundleWriter.DRIVER)))
                .isEqualTo(Files.readAllBytes(TEMPLATES.resolve("jobs").resolve(GpawBundleWriter.DRIVER)));
        String job = Files.readString(b.directory().resolve(JobBundle.JOB_SCRIPT));
        assertThat(job)
                .contains(
                        "#SBATCH --job-name=cand-7",
                        "#SBATCH --partition=short",
                        "#SBATCH --account=proj1",
                        "#SBATCH --ntasks=4",
                        "#SBATCH --time=01:30:00",
                        "module load gpaw/22.8",
                        "walltime_s=5400",
                        "XTALFLOW_DEADLINE_EPOCH=$(( $(date +%s) + ${walltime_s:-5400} ))",
                        "${XTALFLOW_GPAW_PYTHON:-/usr/bin/python3}",
                        "--allow-run-as-root",
                        "gpaw_relax.py --structure POSCAR --settings gpaw-settings.json --out gpaw-result.json")
                .doesNotContain("${job_name}");
        assertThat(Files.isExecutable(b.directory().resolve(JobBundle.JOB_SCRIPT)))
                .isTrue();
        // equal inputs, equal bytes
        JobBundle again = new GpawBundleWriter(TEMPLATES, BatchSystem.SLURM, res, "/usr/bin/python3")
                .write(out.resolve("x"), "cand-7", nial, s);
        assertThat(again.manifest().files()).isEqualTo(b.manifest().files());
    }

    @Test
    void pbsFlavourAndRefusals(@TempDir Path out) throws Exception {
        Structure nacl = GpawInputSetTest.rocksalt("Na", "Cl", 5.69);
        GpawJobSettings s = GpawInputSet.bundled("test").forCrystal(nacl);
        JobBundle b = new GpawBundleWriter(TEMPLATES, BatchSystem.PBS, JobResources.defaults(), null)
                .write(out, "c1", nacl, s);
        assertThat(Files.readString(b.directory().resolve(JobBundle.JOB_SCRIPT)))
                .contains("#PBS -N c1", "#PBS -l walltime=24:00:00", "PBS_O_WORKDIR");
        GpawBundleWriter w = new GpawBundleWriter(TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), null);
        assertThatThrownBy(() -> w.write(out, "../evil", nacl, s))
                .isInstanceOf(VaspInputException.class)
                .hasMessageContaining("../evil");
        assertThatThrownBy(() -> w.write(
                        out,
                        "c2",
                        GpawInputSetTest.b2("Ni", "Al", 2.9).wrapped(),
                        GpawInputSet.bundled("test")
                                .forCrystal(new Structure(
                                        nacl.lattice(), nacl.sites().subList(0, 1)))))
                .isInstanceOf(GpawException.class)
                .hasMessageContaining("c2");
        assertThat(out.resolve("c2")).doesNotExist();
        assertThatThrownBy(() -> new GpawBundleWriter(
                        TEMPLATES, BatchSystem.SLURM, JobResources.defaults(), "python3'; rm -rf /"))
                .isInstanceOf(GpawException.class);
        assertThat(GpawBundleWriter.walltimeSeconds("1-02:03:04")).isEqualTo(86400 + 7200 + 180 + 4);
    }
}
