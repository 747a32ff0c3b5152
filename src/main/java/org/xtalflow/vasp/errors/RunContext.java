package org.xtalflow.vasp.errors;

import java.util.Map;
import org.xtalflow.vasp.inputs.Incar;
import org.xtalflow.vasp.inputs.Kpoints;

/**
 * What the corrections look at: the failed attempt's INCAR and KPOINTS, whether its CONTCAR can
 * be restarted from, the numbers its outputs gave, how often each error was corrected before in
 * this step (custodian's error_count: the second ZBRENT gets another fix than the first), and the
 * MPI tasks of the job.
 *
 * @param kpoints    null when the run used KSPACING or a non-mesh KPOINTS
 * @param hasContcar CONTCAR exists and holds at least one ionic step
 * @param corrected  times each error key was corrected before, in this step
 * @param mpiTasks   MPI tasks of the job (0 if unknown)
 * @param nsites     atoms in the structure (0 if unknown)
 */
public record RunContext(
        Incar incar,
        Kpoints kpoints,
        boolean hasContcar,
        RunFacts facts,
        Map<String, Integer> corrected,
        int mpiTasks,
        int nsites) {

    public RunContext {
        corrected = corrected == null ? Map.of() : Map.copyOf(corrected);
        facts = facts == null ? RunFacts.none() : facts;
    }

    /** Times {@code key} was corrected before in this step. */
    public int count(String key) {
        return corrected.getOrDefault(key, 0);
    }

    /** A string tag, lower case, or {@code dflt}. */
    public String str(String tag, String dflt) {
        Object v = incar.get(tag);
        return (v == null ? dflt : v.toString()).toLowerCase(java.util.Locale.ROOT);
    }

    /** A numeric tag or {@code dflt}. */
    public double num(String tag, double dflt) {
        return incar.get(tag) instanceof Number n ? n.doubleValue() : dflt;
    }

    public int integer(String tag, int dflt) {
        return incar.get(tag) instanceof Number n ? n.intValue() : dflt;
    }

    public boolean lreal() {
        Object v = incar.get("LREAL");
        return v != null
                && !Boolean.FALSE.equals(v)
                && !"False".equalsIgnoreCase(v.toString())
                && !".FALSE.".equalsIgnoreCase(v.toString());
    }
}
