package org.xtalflow.vasp.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xtalflow.vasp.outputs.Oszicar;

/**
 * The two OSZICAR checks: the SCF hitting NELM at the last ionic steps in a row
 * ({@code non_converging}), and a positive final energy ({@code positive_energy}).
 *
 * <p>An ionic step "hit NELM" when its SCF loop ran NELM electronic steps (custodian's
 * NonConvergingErrorHandler). NELM comes from the run's INCAR; without one (a single OSZICAR), NELM
 * is taken as the longest SCF loop of the file, and then a loop counts only when its last energy
 * change is still above EDIFF (VASP's default 1e-4 eV when unknown), so a file is flagged only when
 * several loops stopped at the same, longest, length unconverged.
 */
public final class OszicarCheck {

    /** VASP's default EDIFF, eV. */
    static final double VASP_DEFAULT_EDIFF = 1e-4;

    private OszicarCheck() {}

    /**
     * @param nelm  NELM of the run, or null when unknown
     * @param ediff EDIFF of the run in eV, or null when unknown
     */
    public static List<Finding> check(Oszicar o, Integer nelm, Double ediff, int steps) {
        List<Finding> out = new ArrayList<>();
        // only loops of completed ionic steps (an "F=" line): the last loop may still be running
        List<Integer> counts = o.electronicStepCounts()
                .subList(0, Math.min(o.nIonicSteps(), o.electronicStepCounts().size()));
        List<Double> lastDe = o.lastElectronicDe();
        int limit = nelm != null
                ? nelm
                : counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        double tol = ediff != null ? ediff : VASP_DEFAULT_EDIFF;
        if (counts.size() >= steps && limit > 1) {
            boolean all = true;
            for (int i = counts.size() - steps; i < counts.size(); i++) {
                double de = lastDe.get(i);
                // custodian's rule is the count alone; the energy change guards the guessed NELM
                all &= counts.get(i) >= limit && (nelm != null || !(Math.abs(de) <= tol));
            }
            if (all) {
                out.add(new Finding(
                        RunErrors.NON_CONVERGING,
                        o.source(),
                        String.format(
                                Locale.ROOT,
                                "the last %d ionic steps each ran NELM = %d%s electronic steps",
                                steps,
                                limit,
                                nelm == null
                                        ? String.format(
                                                Locale.ROOT, " (longest loop, no INCAR; |dE| above %.1e eV)", tol)
                                        : "")));
            }
        }
        double e = o.finalEnergy();
        if (e > 0) {
            out.add(new Finding(
                    RunErrors.POSITIVE_ENERGY,
                    o.source(),
                    String.format(Locale.ROOT, "final energy E0 = %.6g eV > 0", e)));
        }
        return out;
    }
}
