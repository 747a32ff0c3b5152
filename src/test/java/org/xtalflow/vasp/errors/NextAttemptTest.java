package org.xtalflow.vasp.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.testing.SharedData;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;
import org.xtalflow.vasp.inputs.VaspInput;

/**
 * A run folder through two ZBRENT failures: the real vasp.zbrent output beside MPRelaxSet inputs;
 * each correction is applied to the folder's INCAR and POSCAR, and the second climbs the ladder.
 */
class NextAttemptTest {

    @Test
    void zbrentTwiceRestartsFromContcarTightensEdiffThenSwitchesIbrion(@TempDir Path dir) throws Exception {
        VaspInput set = PhysicsLockTest.mpRelax();
        Files.writeString(dir.resolve("INCAR"), set.incar().toText());
        Files.writeString(dir.resolve("KPOINTS"), set.kpoints().toText());
        Files.writeString(dir.resolve("POSCAR"), set.poscarText());
        String relaxed = set.poscarText().replaceFirst("(?m)^(.*)$", "relaxed by the failed attempt");
        Files.writeString(dir.resolve("CONTCAR"), relaxed);
        Files.copy(SharedData.path("vasp_errors", "files", "vasp.zbrent"), dir.resolve("vasp.out"));

        RunChecker checker = new RunChecker();
        Corrector corrector = new Corrector(PhysicsLock.defaults(), 5);
        Diagnosis d = checker.check(dir);
        assertThat(d.errors()).containsExactly("zbrent");
        CorrectionPlan p1 = corrector.plan(
                d,
                NextAttempt.context(dir, d, 16),
                1,
                NextAttempt.referenceIncar(dir),
                NextAttempt.referenceKpoints(dir));
        assertThat(p1.retry()).isTrue();
        assertThat(p1.actions())
                .extracting(Action::describe)
                .containsExactly("restart from CONTCAR", "EDIFF = 1e-06", "NELMIN = 8");
        NextAttempt.apply(dir, p1, 1);
        Incar after1 = Incar.parse(Files.readString(dir.resolve("INCAR")), "INCAR");
        assertThat(after1.getDouble("EDIFF")).isEqualTo(1e-6);
        assertThat(after1.get("NELMIN")).isEqualTo(8);
        assertThat(after1.get("IBRION")).isEqualTo(set.incar().get("IBRION"));
        assertThat(Files.readString(dir.resolve("POSCAR"))).startsWith("relaxed by the failed attempt");
        assertThat(Files.readString(dir.resolve("INCAR.set")))
                .isEqualTo(set.incar().toText());

        // the second ZBRENT of the step: the log says it was corrected once, so IBRION = 1 comes in
        Diagnosis d2 = checker.check(dir);
        RunContext c2 = NextAttempt.context(dir, d2, 16);
        assertThat(c2.count("zbrent")).isEqualTo(1);
        CorrectionPlan p2 =
                corrector.plan(d2, c2, 2, NextAttempt.referenceIncar(dir), NextAttempt.referenceKpoints(dir));
        assertThat(p2.actions()).extracting(Action::describe).contains("EDIFF = 1e-07", "IBRION = 1");
        NextAttempt.apply(dir, p2, 2);
        Incar after2 = Incar.parse(Files.readString(dir.resolve("INCAR")), "INCAR");
        assertThat(after2.get("IBRION")).isEqualTo(1);
        // everything locked is as the set has it
        assertThat(PhysicsLock.defaults()
                        .audit(
                                after2,
                                Kpoints.parse(Files.readString(dir.resolve("KPOINTS")), "KPOINTS"),
                                set.potcarSymbols(),
                                set.incar(),
                                set.kpoints(),
                                set.potcarSymbols()))
                .isEmpty();
        assertThat(Files.readAllLines(dir.resolve(NextAttempt.LOG))).hasSize(2);
    }

    @Test
    void incarTextRoundTrips() {
        VaspInput set = PhysicsLockTest.mpRelax();
        Incar back = Incar.parse(set.incar().toText(), "INCAR");
        assertThat(back.toText()).isEqualTo(set.incar().toText());
        Incar vasp = Incar.parse(
                "ISMEAR = -5 ; SIGMA = 0.05 # smearing\nLREAL = .FALSE.\nMAGMOM = 2*5.0 0.6 ! moments\n"
                        + "ALGO = FAST\n",
                "INCAR");
        assertThat(vasp.get("ISMEAR")).isEqualTo(-5);
        assertThat(vasp.get("LREAL")).isEqualTo(Boolean.FALSE);
        assertThat(vasp.getList("MAGMOM")).containsExactly(5.0, 5.0, 0.6);
        assertThat(vasp.get("ALGO")).isEqualTo("Fast");
    }
}
