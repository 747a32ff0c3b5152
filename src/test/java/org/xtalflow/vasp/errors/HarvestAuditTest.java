package org.xtalflow.vasp.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtalflow.testing.SharedData;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;
import org.xtalflow.vasp.outputs.Vasprun;

/** The harvest's lock check on a real vasprun.xml (pymatgen's test run, ENCUT 500, 2x4x6 Monkhorst-Pack). */
class HarvestAuditTest {

    private final Path file = SharedData.path("vasp_outputs", "outputs", "vasprun.xml.gz");
    private final Vasprun run = Vasprun.read(file);
    private final HarvestAudit audit = new HarvestAudit(PhysicsLock.defaults());

    @Test
    void theRunsOwnInputsAreCompliant() {
        Incar set = VasprunInputs.incar(run);
        Kpoints k = VasprunInputs.kpoints(file);
        assertThat(k.style()).isEqualTo(Kpoints.Style.MONKHORST);
        assertThat(k.mesh()).containsExactly(2, 4, 6);
        assertThat(set.getDouble("ENCUT")).isEqualTo(500.0);
        HarvestAudit.Verdict v = audit.audit(run, file, set, k, VasprunInputs.potcarSymbols(run));
        assertThat(v.accepted()).as(String.valueOf(v.reason())).isTrue();
        assertThat(v.reason()).isNull();
    }

    @Test
    void aRunWhoseLockedSettingDiffersFromTheSetIsRefusedWithTheTagNamed() {
        Incar set = VasprunInputs.incar(run);
        set.put("ENCUT", 520);
        HarvestAudit.Verdict v =
                audit.audit(run, file, set, VasprunInputs.kpoints(file), VasprunInputs.potcarSymbols(run));
        assertThat(v.accepted()).isFalse();
        assertThat(v.violations()).extracting(PhysicsLock.Violation::tag).containsExactly("ENCUT");
        assertThat(v.reason()).contains("ENCUT", "520", "500");
    }

    @Test
    void looserEdiffSparserMeshLoweredPrecAndOtherPotcarsAreEachRefused() {
        Incar set = VasprunInputs.incar(run);
        set.put("EDIFF", 1e-5); // the run's 1e-4 is looser
        set.put("PREC", "High"); // the run's Accurate ranks the same: allowed
        Kpoints denser = new Kpoints("set", Kpoints.Style.MONKHORST, new int[] {3, 4, 6});
        List<String> potcars = new ArrayList<>(VasprunInputs.potcarSymbols(run));
        potcars.set(0, potcars.get(0) + "_sv");
        HarvestAudit.Verdict v = audit.audit(run, file, set, denser, potcars);
        assertThat(v.violations())
                .extracting(PhysicsLock.Violation::tag)
                .containsExactlyInAnyOrder("EDIFF", "KPOINTS", "POTCAR");

        Incar lowPrecSet = VasprunInputs.incar(run);
        lowPrecSet.put("PREC", "High");
        Incar ranLow = VasprunInputs.incar(run);
        ranLow.put("PREC", "Normal");
        assertThat(PhysicsLock.defaults().audit(ranLow, null, null, lowPrecSet, null, null))
                .extracting(PhysicsLock.Violation::tag)
                .containsExactly("PREC");
    }

    @Test
    void tighterSettingsAndADenserMeshAreAllowed() {
        Incar set = VasprunInputs.incar(run);
        set.put("EDIFF", 1e-3); // the run's 1e-4 is tighter than the set's
        Kpoints sparser = new Kpoints("set", Kpoints.Style.GAMMA, new int[] {2, 3, 5}); // the run is denser
        assertThat(audit.audit(run, file, set, sparser, VasprunInputs.potcarSymbols(run))
                        .accepted())
                .isTrue();
    }
}
