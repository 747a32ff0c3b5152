package org.xtalflow.gpaw;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.xtalflow.crystal.Structure;
import org.xtalflow.thermo.ComputedEntry;

/**
 * One GPAW job's outcome, read from gpaw-result.json by {@link GpawResultReader}. Energies in eV,
 * forces in eV/Å, stress in eV/Å³ (Voigt xx yy zz yz xz xy, ASE's sign: positive is tensile).
 *
 * @param source           the file (or job directory) it was read from, for messages
 * @param errors           the driver's markers; empty for a converged run
 * @param errorDetail      the driver's explanation of the first error, "" when none
 * @param finalEnergyEv    total energy of the final static run, NaN when there was none
 * @param finalStructure   the relaxed structure of the final static run, null when there was none
 * @param lastStructure    the last geometry reached when the run failed (the next attempt's start), or null
 * @param forces           eV/Å per site of the final run (empty when none)
 * @param stress           eV/Å³, 6 Voigt components (empty when none, e.g. a molecule)
 * @param relaxSteps       optimizer steps taken
 * @param relaxConverged   whether the relaxation reached the force threshold
 * @param scfConverged     whether the final static SCF converged
 * @param scfIterations    SCF iterations of the final static run
 * @param magneticMomentMuB total magnetic moment of the final run (0 when not spin-polarised)
 * @param parameters       engine, input set, settings hash, versions and setups (the entry's parameters)
 * @param wallSeconds      the driver's wall time
 */
public record GpawResult(
        String source,
        List<GpawError> errors,
        String errorDetail,
        double finalEnergyEv,
        Structure finalStructure,
        Structure lastStructure,
        double[][] forces,
        double[] stress,
        int relaxSteps,
        boolean relaxConverged,
        boolean scfConverged,
        int scfIterations,
        double magneticMomentMuB,
        ObjectNode parameters,
        double wallSeconds) {

    /** The run type written into the entries: GPAW's PBE, deliberately not "GGA" (MP2020 is fitted to VASP). */
    public static final String RUN_TYPE = "GPAW-PBE";

    public GpawResult {
        errors = List.copyOf(errors);
        parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters.deepCopy();
    }

    public boolean ok() {
        return errors.isEmpty() && finalStructure != null && Double.isFinite(finalEnergyEv);
    }

    public boolean has(GpawError e) {
        return errors.contains(e);
    }

    /** The input set's settings hash that produced this result ("" when the result did not say). */
    public String settingsHash() {
        return parameters.path("settings_hash").asText("");
    }

    /**
     * The computed entry of a converged run: final structure, final energy, run type
     * {@value #RUN_TYPE}, parameters with engine "gpaw", input set, settings hash, xc, cutoff,
     * k-point density and mesh, spin, code versions and setups.
     *
     * @throws GpawException naming the file and the errors when the run did not converge
     */
    public ComputedEntry toComputedEntry(String entryId) {
        if (!ok()) {
            throw new GpawException(source + ": GPAW run " + entryId + " has no converged result: " + errors
                    + (errorDetail.isEmpty() ? "" : " (" + errorDetail + ")"));
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("relax_steps", relaxSteps);
        data.put("magnetic_moment_mu_b", magneticMomentMuB);
        data.put("wall_s", wallSeconds);
        return ComputedEntry.builder(finalStructure, finalEnergyEv)
                .entryId(entryId)
                .runType(RUN_TYPE)
                .parameters(parameters)
                .data(data)
                .build();
    }
}
