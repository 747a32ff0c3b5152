package org.xtalflow.gpaw;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the next attempt of a failed GPAW job would change, in the spirit of the VASP corrections
 * ({@code vasp.errors.Corrector}): only SCF and relaxation controls, never the {@link
 * GpawInputSet#LOCKED} physics (the cures that would change the energy scale, e.g. more smearing,
 * are listed as locked instead). Every failure that leaves a geometry restarts from it.
 *
 * <ul>
 *   <li>{@code scf_not_converged}: scf.maxiter doubled (at most {@link #MAX_SCF_ITERATIONS}), from
 *       the last geometry; wider smearing is locked;
 *   <li>{@code relaxation_not_converged}, {@code walltime}: the same settings from the last geometry;
 *   <li>{@code out_of_memory}, {@code bad_input}, {@code crashed}, {@code no_result}: not fixable
 *       by settings (memory and ranks are the cluster profile's).
 * </ul>
 *
 * @param retry     whether another attempt is worth it
 * @param actions   what it changes, in words
 * @param locked    cures refused by the physics lock
 * @param overrides the input-set changes ({@link GpawInputSet#withOverrides} accepts them)
 * @param reason    why there is no retry (null when there is one)
 */
public record GpawCorrections(
        boolean retry, List<String> actions, List<String> locked, Map<String, Object> overrides, String reason) {

    public static final int MAX_SCF_ITERATIONS = 1000;

    public GpawCorrections {
        actions = List.copyOf(actions);
        locked = List.copyOf(locked);
        overrides = Map.copyOf(overrides);
    }

    /**
     * @param scfMaxIterations the failed attempt's scf.maxiter (gpaw-settings.json)
     * @param attempt          the failed attempt's number (1 for the first)
     * @param maxAttempts      attempts allowed in all
     */
    public static GpawCorrections plan(GpawResult r, int scfMaxIterations, int attempt, int maxAttempts) {
        if (r.ok()) {
            return new GpawCorrections(false, List.of(), List.of(), Map.of(), null);
        }
        if (attempt >= maxAttempts) {
            return new GpawCorrections(
                    false, List.of(), List.of(), Map.of(), "attempt " + attempt + " of " + maxAttempts + " failed");
        }
        List<String> actions = new ArrayList<>();
        List<String> locked = new ArrayList<>();
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (GpawError e : r.errors()) {
            switch (e) {
                case SCF_NOT_CONVERGED -> {
                    if (scfMaxIterations >= MAX_SCF_ITERATIONS) {
                        return new GpawCorrections(
                                false,
                                List.of(),
                                List.of("smearing (locked)"),
                                Map.of(),
                                "SCF not converged within " + scfMaxIterations + " iterations, the most allowed");
                    }
                    int next = Math.min(MAX_SCF_ITERATIONS, 2 * scfMaxIterations);
                    overrides.put("scf", Map.of("maxiter", next));
                    actions.add("scf.maxiter " + scfMaxIterations + " -> " + next);
                    locked.add("smearing (locked)");
                }
                case RELAXATION_NOT_CONVERGED, WALLTIME -> {
                    // the geometry reached is kept below
                }
                case OUT_OF_MEMORY -> {
                    return new GpawCorrections(
                            false,
                            List.of(),
                            List.of(),
                            Map.of(),
                            "out of memory: more memory or MPI ranks per job (the cluster profile's resources)");
                }
                default -> {
                    return new GpawCorrections(
                            false,
                            List.of(),
                            List.of(),
                            Map.of(),
                            e.marker() + (r.errorDetail().isEmpty() ? "" : ": " + r.errorDetail()));
                }
            }
        }
        if (r.lastStructure() != null) {
            actions.add("restart from the last geometry (" + r.relaxSteps() + " steps done)");
        }
        return new GpawCorrections(true, actions, locked, overrides, null);
    }
}
