package org.xtalflow.vasp.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.testing.SharedData;

/** The static set, user sets (files, conf overrides) and INCAR text. */
class InputSetsTest {

    @TempDir
    Path tmp;

    private static Structure fePo4() {
        return Poscar.read(SharedData.path("vasp_inputs", "POSCAR_Fe4P4O16")).structure();
    }

    @Test
    void staticSetIsASinglePointWithChargeDensityAndDenserMesh() {
        VaspInput relax = VaspInputSet.bundled("relax").inputs(fePo4());
        VaspInput stat = VaspInputSet.bundled("static").inputs(fePo4());
        Incar i = stat.incar();
        assertThat(i.get("NSW")).isEqualTo(0);
        assertThat(i.get("IBRION")).isEqualTo(-1);
        assertThat(i.get("LCHARG")).isEqualTo(true);
        assertThat(i.get("LAECHG")).isEqualTo(true);
        assertThat(i.get("ALGO")).isEqualTo("Normal");
        assertThat(i.getList("LDAUU")).containsExactly(5.3, 0.0, 0.0);
        assertThat(i.getDouble("EDIFF")).isEqualTo(relax.incar().getDouble("EDIFF"));
        assertThat(VaspInputSet.bundled("static").config().reciprocalDensity()).isEqualTo(100);
        // rho 100 → mult = (100 (2π)^3)^(1/3) = 29.2: 29.2/10.41, /6.07, /4.76 → 2, 4, 6
        assertThat(stat.kpoints().mesh()).containsExactly(2, 4, 6);
        assertThat(relax.kpoints().mesh()).containsExactly(2, 4, 5);
        assertThat(stat.setName()).isEqualTo("MPStaticSet");
    }

    @Test
    void aUserTagWinsOverTheStaticSetsForcedUpdates() {
        VaspInputSet s = new VaspInputSet(
                InputSetConfig.bundled("static").withOverrides(Map.of("INCAR", Map.of("NSW", 5, "ALGO", "All"))));
        Incar i = s.inputs(fePo4()).incar();
        assertThat(i.get("NSW")).isEqualTo(5);
        assertThat(i.get("ALGO")).isEqualTo("All");
        assertThat(i.get("LCHARG")).isEqualTo(true);
    }

    /** The bundled sets are parsed once per JVM and shared: no set's overrides reach another's. */
    @Test
    void overridesAndUserFilesLeaveTheSharedBundledSetUnchanged() throws Exception {
        InputSetConfig before = InputSetConfig.bundled("MPRelaxSet");
        Map<String, Object> incar = Map.copyOf(before.incarSettings());
        Map<String, Object> magmom = Map.of("Fe", 1);
        InputSetConfig.bundled("relax")
                .withOverrides(Map.of("INCAR", Map.of("EDIFF_PER_ATOM", 1e-3, "MAGMOM", magmom)));
        Path f = tmp.resolve("mine.yaml");
        Files.writeString(f, "PARENT: MPRelaxSet\nINCAR:\n  ENCUT: 700\n  MAGMOM: {Fe: 2}\nPOTCAR:\n  Fe: Fe\n");
        assertThat(InputSetConfig.fromFile(f).incarSettings()).containsEntry("ENCUT", 700);
        InputSetConfig after = InputSetConfig.bundled("MPRelaxSet");
        assertThat(after.incarSettings()).isEqualTo(incar);
        assertThat(after.potcarSymbols()).isEqualTo(before.potcarSymbols());
        assertThat(after.incarSettings().get("MAGMOM")).isNotEqualTo(magmom);
        assertThatThrownBy(() -> ((Map<?, ?>) after.incarSettings().get("MAGMOM")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shippedTemplateSetsLoadFromFiles() {
        VaspInputSet tight = new VaspSettings("relax", Map.of(), null, BatchSystem.SLURM, JobResources.defaults())
                .inputSet("templates/vasp/relax-tight.yaml");
        VaspInput in = tight.inputs(fePo4());
        assertThat(in.incar().getDouble("EDIFF")).isEqualTo(24 * 1e-5, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(in.incar().get("EDIFFG")).isEqualTo(-0.02);
        assertThat(in.incar().get("NSW")).isEqualTo(200);
        assertThat(in.kpoints().mesh()).containsExactly(2, 4, 6);
        assertThat(in.incar().get("LDAU")).isEqualTo(true);
        VaspInputSet st = InputSetsTestHelper.set("templates/vasp/static.yaml");
        assertThat(st.inputs(fePo4()).incar().contains("LORBIT")).isFalse();
        assertThat(st.inputs(fePo4()).incar().get("NSW")).isEqualTo(0);
    }

    @Test
    void badSetFilesNameTheFile() throws Exception {
        Path f = tmp.resolve("mine.yaml");
        Files.writeString(f, "PARENT: relax\nINCAR:\n  NSW: [1, 2\n");
        assertThatThrownBy(() -> InputSetConfig.fromFile(f))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("malformed yaml");
        Files.writeString(f, "PARENT: relax\nINCARR:\n  NSW: 1\n");
        assertThatThrownBy(() -> InputSetConfig.fromFile(f)).hasMessageContaining("unknown input-set section 'INCARR'");
        Files.writeString(f, "PARENT: nosuchset\n");
        assertThatThrownBy(() -> InputSetConfig.fromFile(f)).hasMessageContaining("no such input set");
        Files.writeString(f, "PARENT: relax\nKPOINTS:\n  reciprocal_density: -3\n");
        assertThatThrownBy(() -> InputSetConfig.fromFile(f))
                .hasMessageContaining("reciprocal_density must be a positive number");

        // a PARENT is a set name, never a path out of the set's folder (issue 17)
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.yaml"), "INCAR: {ENCUT: 1}\n");
        Path sub = Files.createDirectories(tmp.resolve("sets"));
        Path g = sub.resolve("mine.yaml");
        Files.writeString(g, "PARENT: ../outside/secret\n");
        assertThatThrownBy(() -> InputSetConfig.fromFile(g))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("PARENT '../outside/secret' is not a set name");
        Files.writeString(g, "PARENT: /etc/passwd\n");
        assertThatThrownBy(() -> InputSetConfig.fromFile(g)).hasMessageContaining("is not a set name");
    }

    @Test
    void confSectionSuppliesSetOverridesSchedulerAndResources() throws Exception {
        Path conf = tmp.resolve("xtalflow.yaml");
        Files.writeString(conf, """
                generator: {model: x}
                vasp:
                  input_set: static
                  overrides:
                    static: {INCAR: {NCORE: 4}, KPOINTS: {reciprocal_density: 200}}
                  potcar_dir: /opt/potcars
                  scheduler: pbs
                  job: {queue: short, ntasks: 8, walltime: "01:00:00"}
                """);
        VaspSettings s = VaspSettings.load(conf);
        assertThat(s.scheduler()).isEqualTo(BatchSystem.PBS);
        assertThat(s.potcarDir()).isEqualTo(Path.of("/opt/potcars"));
        assertThat(s.job().partition()).isEqualTo("short");
        assertThat(s.job().ntasks()).isEqualTo(8);
        VaspInput in = s.inputSet(s.inputSet()).inputs(fePo4());
        assertThat(in.incar().get("NCORE")).isEqualTo(4);
        assertThat(in.incar().get("NSW")).isEqualTo(0);
        assertThat(s.inputSet("relax").inputs(fePo4()).incar().contains("NCORE"))
                .isFalse();
        assertThat(VaspSettings.load(Path.of("conf/xtalflow.yaml"))).isNotNull();
        Files.writeString(conf, "vasp:\n  potcar: /x\n");
        assertThatThrownBy(() -> VaspSettings.load(conf)).hasMessageContaining("unknown key 'vasp.potcar'");
    }

    @Test
    void aUserLmaxmixWinsAndRemovingItRestoresTheRule() {
        java.util.HashMap<String, Object> remove = new java.util.HashMap<>();
        remove.put("LMAXMIX", null);
        VaspInputSet none = new VaspInputSet(InputSetConfig.bundled("relax").withOverrides(Map.of("INCAR", remove)));
        assertThat(none.inputs(fePo4()).incar().get("LMAXMIX")).isEqualTo(4);
        VaspInputSet two =
                new VaspInputSet(InputSetConfig.bundled("relax").withOverrides(Map.of("INCAR", Map.of("LMAXMIX", 2))));
        assertThat(two.inputs(fePo4()).incar().get("LMAXMIX")).isEqualTo(2);
    }

    @Test
    void incarTextIsSortedWithCompressedMagmom() {
        Incar i = VaspInputSet.bundled("relax").inputs(fePo4()).incar();
        String text = i.toText();
        assertThat(text).startsWith("ALGO = Fast\nEDIFF = 0.0012\nENCUT = 520\n");
        assertThat(text)
                .contains(
                        "LDAUU = 5.3 0 0\n",
                        "LDAUL = 2 0 0\n",
                        "MAGMOM = 4*5 20*0.6\n",
                        "LASPH = True\n",
                        "LWAVE = False\n",
                        "LREAL = Auto\n");
        assertThat(Incar.formatNumber(1e-10)).isEqualTo("1e-10");
        assertThat(Incar.formatNumber(5e-5)).isEqualTo("5e-05");
        assertThat(Incar.formatNumber(-0.02)).isEqualTo("-0.02");
    }
}
