package org.xtalflow.vasp.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xtalflow.crystal.Structure;
import org.xtalflow.crystal.io.Poscar;
import org.xtalflow.testing.SharedData;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;
import org.xtalflow.vasp.inputs.VaspInput;
import org.xtalflow.vasp.inputs.VaspInputSet;

/**
 * The physics lock against every correction: every action of every error's ladder, in many
 * starting INCARs and at every rung (how often the error was corrected before), applied to the
 * MPRelaxSet inputs of a real GGA+U structure, leaves every locked setting as the set has it.
 */
class PhysicsLockTest {

    static VaspInput mpRelax() {
        Structure s =
                Poscar.read(SharedData.path("vasp_inputs", "POSCAR_Fe4P4O16")).structure();
        return VaspInputSet.bundled("relax").inputs(s);
    }

    /** Starting INCARs that differ from the set only in free tags (what earlier fixes may have changed). */
    static List<Incar> variants(Incar set) {
        List<Incar> out = new ArrayList<>();
        for (String algo : List.of("VeryFast", "Fast", "Normal", "All", "Damped")) {
            for (int ismear : List.of(-5, 0)) {
                for (Object lreal : List.of("Auto", false)) {
                    Incar i = new Incar(set.tags());
                    i.put("ALGO", algo).put("ISMEAR", ismear).put("LREAL", lreal);
                    out.add(i);
                }
            }
        }
        Incar tuned = new Incar(set.tags());
        tuned.put("NCORE", 4)
                .put("NPAR", 2)
                .put("KPAR", 4)
                .put("SYMPREC", 1e-7)
                .put("ISYM", 2)
                .put("IBRION", 1)
                .put("POTIM", 0.1)
                .put("AMIX", 0.05)
                .put("BMIX", 2.0)
                .put("NBANDS", 40)
                .put("METAGGA", null);
        out.add(tuned);
        return out;
    }

    static List<String> allKeys() {
        Set<String> keys = new TreeSet<>(Corrections.keys());
        VaspMessages.all().forEach(r -> keys.add(r.key()));
        keys.addAll(RunErrors.derived().keySet());
        return new ArrayList<>(keys);
    }

    @Test
    void noActionOfAnyHandlerChangesALockedSetting() {
        VaspInput set = mpRelax();
        Incar ref = set.incar();
        assertThat(ref.get("LDAU")).isEqualTo(Boolean.TRUE); // a GGA+U set: the U values are in play
        PhysicsLock lock = PhysicsLock.defaults();
        Corrector corrector = new Corrector(lock, 5);
        RunFacts facts = new RunFacts(40, 96, 24, 3, 0.03, 9.0);
        List<Kpoints> meshes = List.of(
                set.kpoints(),
                set.kpoints().withStyle(Kpoints.Style.MONKHORST),
                new Kpoints("even", Kpoints.Style.MONKHORST, new int[] {4, 4, 4}));
        int applied = 0;
        for (String key : allKeys()) {
            for (Incar start : variants(ref)) {
                for (Kpoints k : meshes) {
                    Kpoints refK = k; // the set's mesh for this structure
                    for (int rung = 0; rung <= 4; rung++) {
                        for (boolean contcar : List.of(true, false)) {
                            RunContext c = new RunContext(start, k, contcar, facts, Map.of(key, rung), 64, 24);
                            Diagnosis d =
                                    new Diagnosis("walk", List.of(new Finding(key, "walk", "")), List.of(), facts);
                            CorrectionPlan plan = corrector.plan(d, c, 1, ref, refK);
                            Incar next = new Incar(start.tags());
                            Kpoints nextK = k;
                            for (Action a : plan.actions()) {
                                assertThat(lock.refuses(a, start, k, ref, refK))
                                        .as(key + ": " + a)
                                        .isNull();
                                switch (a.type()) {
                                    case SET_TAG -> next.put(a.target(), a.value());
                                    case UNSET_TAG -> next.remove(a.target());
                                    case KPOINTS_STYLE -> nextK = nextK.withStyle((Kpoints.Style) a.value());
                                    case KPOINTS_MESH -> nextK = nextK.withMesh((int[]) a.value());
                                    default -> {}
                                }
                                applied++;
                            }
                            List<PhysicsLock.Violation> v =
                                    lock.audit(next, nextK, set.potcarSymbols(), ref, refK, set.potcarSymbols());
                            assertThat(v)
                                    .as(key + " rung " + rung + " from " + start.tags() + ": " + plan.actions())
                                    .isEmpty();
                        }
                    }
                }
            }
        }
        assertThat(applied).as("the walk applied actions").isGreaterThan(1000);
    }

    @Test
    void aStricterLockRefusesSmearingAndProjectionChangesAndTheWalkStillKeepsThem() {
        VaspInput set = mpRelax();
        Incar ref = set.incar();
        PhysicsLock strict = new PhysicsLock(
                List.of("ENCUT", "PREC", "LDAU", "KPOINTS", "EDIFF", "ISMEAR", "SIGMA", "LREAL", "ALGO"));
        Corrector corrector = new Corrector(strict, 5);
        RunFacts facts = new RunFacts(40, 96, 24, 3, 0.03, 9.0);
        Set<String> lockedTags = new TreeSet<>();
        for (String key : allKeys()) {
            for (Incar start : variants(ref)) {
                Incar startRef = new Incar(
                        start.tags()); // these variants are the set here: ALGO, ISMEAR, LREAL locked at theirs
                for (int rung = 0; rung <= 3; rung++) {
                    RunContext c = new RunContext(start, set.kpoints(), true, facts, Map.of(key, rung), 64, 24);
                    Diagnosis d = new Diagnosis("walk", List.of(new Finding(key, "walk", "")), List.of(), facts);
                    CorrectionPlan plan = corrector.plan(d, c, 1, startRef, set.kpoints());
                    for (Action a : plan.actions()) {
                        assertThat(a.setting())
                                .as(key + ": " + a)
                                .isNotIn(
                                        "ENCUT", "ISMEAR", "SIGMA", "LREAL", "ALGO", "LDAU", "LDAUU", "LDAUJ", "LDAUL");
                    }
                    plan.locked().forEach(l -> lockedTags.add(l.tag()));
                }
            }
        }
        assertThat(lockedTags).contains("ISMEAR", "SIGMA", "LREAL", "ALGO");
    }

    @Test
    void anErrorWhoseOnlyFixIsLockedEndsNamingTheTag() {
        VaspInput set = mpRelax();
        // kpoints_trans: custodian's fix is a cube mesh with as many points; from 6x6x2 that is 4x4x4, below the set
        Kpoints setK = new Kpoints("set", Kpoints.Style.GAMMA, new int[] {6, 6, 2});
        RunContext c = new RunContext(set.incar(), setK, true, RunFacts.none(), Map.of(), 16, 24);
        Diagnosis d = new Diagnosis(
                "x", List.of(new Finding("kpoints_trans", "std_err.txt", "")), List.of(), RunFacts.none());
        CorrectionPlan plan = new Corrector(PhysicsLock.defaults(), 5).plan(d, c, 1, set.incar(), setK);
        assertThat(plan.retry()).isFalse();
        assertThat(plan.locked()).extracting(CorrectionPlan.LockedAction::tag).containsExactly("KPOINTS");
        assertThat(plan.reason()).contains("kpoints_trans", "locked", "KPOINTS");

        // PREC lowered and EDIFF loosened are refused, raising and tightening are not
        PhysicsLock lock = PhysicsLock.defaults();
        Incar ref = set.incar();
        assertThat(ref.get("PREC")).isEqualTo("Accurate");
        assertThat(lock.refuses(Action.set("PREC", "Normal"), ref, setK, ref, setK))
                .isEqualTo("PREC");
        assertThat(lock.refuses(Action.set("PREC", "High"), ref, setK, ref, setK))
                .isNull();
        assertThat(lock.refuses(Action.set("EDIFF", ref.getDouble("EDIFF") * 10), ref, setK, ref, setK))
                .isEqualTo("EDIFF");
        assertThat(lock.refuses(Action.set("EDIFF", 1e-7), ref, setK, ref, setK))
                .isNull();
        assertThat(lock.refuses(Action.set("LDAUU", List.of(0.0, 0.0, 0.0)), ref, setK, ref, setK))
                .isEqualTo("LDAUU");
        assertThat(lock.refuses(Action.set("ENCUT", 400), ref, setK, ref, setK)).isEqualTo("ENCUT");
        assertThat(lock.refuses(Action.set("ISPIN", 1), ref, setK, ref, setK)).isEqualTo("ISPIN");
        assertThat(lock.refuses(new Action(Action.Type.KPOINTS_MESH, "", new int[] {7, 7, 3}), ref, setK, ref, setK))
                .isNull();
    }

    @Test
    void attemptsRunOutWithAReason() {
        VaspInput set = mpRelax();
        RunContext c = new RunContext(set.incar(), set.kpoints(), true, RunFacts.none(), Map.of(), 16, 24);
        Diagnosis d = new Diagnosis("x", List.of(new Finding("zbrent", "vasp.out", "")), List.of(), RunFacts.none());
        Corrector corrector = new Corrector(PhysicsLock.defaults(), 5);
        assertThat(corrector.plan(d, c, 4, set.incar(), set.kpoints()).retry()).isTrue();
        CorrectionPlan last = corrector.plan(d, c, 5, set.incar(), set.kpoints());
        assertThat(last.retry()).isFalse();
        assertThat(last.reason()).contains("attempt 5 of 5", "zbrent");
    }
}
