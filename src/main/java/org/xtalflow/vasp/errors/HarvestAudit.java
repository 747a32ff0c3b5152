package org.xtalflow.vasp.errors;

import java.nio.file.Path;
import java.util.List;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;
import org.xtalflow.vasp.outputs.Vasprun;

/**
 * The harvest's check that a finished run computed the input set's physics, as MP's validation
 * refuses non-compliant runs: the INCAR, KPOINTS and POTCARs recorded in its vasprun.xml are
 * compared with the set's under the {@link PhysicsLock}. A run with a violation stays off the hull;
 * {@link Verdict#reason()} names the tags.
 */
public final class HarvestAudit {

    private final PhysicsLock lock;

    public HarvestAudit(PhysicsLock lock) {
        this.lock = lock;
    }

    /**
     * @param vasprunFile the run's vasprun.xml (for its k-point generation block)
     * @param setIncar    the input set's INCAR for this structure (INCAR.set of the job)
     * @param setKpoints  the set's KPOINTS (null: not compared)
     * @param setPotcars  the set's POTCAR symbols in POSCAR order (null: not compared)
     */
    public Verdict audit(Vasprun run, Path vasprunFile, Incar setIncar, Kpoints setKpoints, List<String> setPotcars) {
        List<PhysicsLock.Violation> v = lock.audit(
                VasprunInputs.incar(run),
                VasprunInputs.kpoints(vasprunFile),
                VasprunInputs.potcarSymbols(run),
                setIncar,
                setKpoints,
                setPotcars);
        return new Verdict(v);
    }

    /** Accepted for the hull when there is no violation. */
    public record Verdict(List<PhysicsLock.Violation> violations) {
        public Verdict {
            violations = List.copyOf(violations);
        }

        public boolean accepted() {
            return violations.isEmpty();
        }

        /** "locked setting changed: ENCUT (set: 520, run: 400)", or null when accepted. */
        public String reason() {
            return accepted()
                    ? null
                    : "locked setting changed: "
                            + String.join(
                                    ", ",
                                    violations.stream()
                                            .map(PhysicsLock.Violation::toString)
                                            .toList());
        }
    }
}
