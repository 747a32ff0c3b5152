package org.xtalflow.gpaw;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the next attempt of a failed GPAW job changes, in the spirit of the VASP corrections
 * ({@code vasp.errors.Corrector}): SCF and relaxation controls and the job's resources only, never
 * the {@link GpawInputSet#LOCKED} physics (the cures that would change the energy scale, e.g. more
 * smearing, are listed as locked instead). Every failure that leaves a geometry restarts from it.
 *
 * <ul>
 *   <li>{@code scf_not_converged}: scf.maxiter doubled (at most {@link #MAX_SCF_ITERATIONS}) and a
 *       gentler density mixer (Pulay mixing weight beta halved, at least {@link #MIN_MIXER_BETA};
 *       metric weight doubled, at most {@link #MAX_MIXER_WEIGHT}: GPAW's advice for hard SCFs,
 *       from its periodic default beta 0.05, 5 old densities, weight 50); wider smearing is locked;
 *   <li>{@code relaxation_not_converged}: the same settings from the last geometry;
 *   <li>{@code walltime}: the last geometry with twice the walltime (within the corrections'
 *       max_walltime; the restart alone still makes progress when that limit is reached);
 *   <li>{@code out_of_memory}: the last geometry with the same ranks over twice the nodes (within
 *       max_nodes; a retry without more memory is pointless, see {@link #onlyResources});
 *   <li>{@code bad_input}, {@code crashed}, {@code no_result}: not fixable by settings.
 * </ul>
 *
 * @param retry           whether another attempt is worth it
 * @param actions         what it changes, in words
 * @param locked          cures refused by the physics lock
 * @param overrides       the settings changes, in the input set's schema (only "scf" and "relax")
 * @param restart         whether the next attempt starts from the failed one's last geometry
 * @param walltimeFactor  the next job's walltime over this one's (1: unchanged)
 * @param memoryFactor    the next job's memory per rank over this one's (1: unchanged)
 * @param onlyResources   whether more walltime or memory is the whole fix (none allowed: no retry)
 * @param reason          why there is no retry (null when there is one)
 */
public record GpawCorrections(
        boolean retry,
        List<String> actions,
        List<String> locked,
        Map<String, Object> overrides,
        boolean restart,
        double walltimeFactor,
        double memoryFactor,
        boolean onlyResources,
        String reason) {

    public static final int MAX_SCF_ITERATIONS = 1000;
    /** GPAW's Pulay mixer for periodic cells when the settings name none. */
    public static final double DEFAULT_MIXER_BETA = 0.05;

    public static final int DEFAULT_MIXER_HISTORY = 5;
    public static final double DEFAULT_MIXER_WEIGHT = 50;
    public static final double MIN_MIXER_BETA = 0.01;
    public static final double MAX_MIXER_WEIGHT = 100;

    public GpawCorrections {
        actions = List.copyOf(actions);
        locked = List.copyOf(locked);
        overrides = Map.copyOf(overrides);
    }

    private static GpawCorrections none(String reason, List<String> locked) {
        return new GpawCorrections(false, List.of(), locked, Map.of(), false, 1, 1, false, reason);
    }

    /**
     * @param scf         the failed attempt's {@code scf} settings (gpaw-settings.json): maxiter, mixer
     * @param attempt     the failed attempt's number (1 for the first)
     * @param maxAttempts attempts allowed in all
     */
    public static GpawCorrections plan(GpawResult r, JsonNode scf, int attempt, int maxAttempts) {
        if (r.ok()) {
            return none(null, List.of());
        }
        if (attempt >= maxAttempts) {
            return none(
                    String.join(",", r.errors().stream().map(GpawError::marker).toList()) + ": attempt " + attempt
                            + " of " + maxAttempts + " failed, no attempts left",
                    List.of());
        }
        List<String> actions = new ArrayList<>();
        List<String> locked = new ArrayList<>();
        Map<String, Object> overrides = new LinkedHashMap<>();
        double walltime = 1;
        double memory = 1;
        boolean resourcesOnly = false;
        for (GpawError e : r.errors()) {
            switch (e) {
                case SCF_NOT_CONVERGED -> {
                    Map<String, Object> scfChange = scfChange(scf, actions);
                    locked.add("smearing (locked)");
                    if (scfChange.isEmpty()) {
                        return none(
                                "scf_not_converged: SCF not converged within "
                                        + scf.path("maxiter").asInt()
                                        + " iterations with the gentlest mixer allowed (beta " + MIN_MIXER_BETA
                                        + "); its other cures change the energy scale",
                                locked);
                    }
                    overrides.put("scf", scfChange);
                }
                case RELAXATION_NOT_CONVERGED -> {
                    // the geometry reached is kept below
                }
                case WALLTIME -> {
                    walltime = 2;
                    actions.add("walltime x2");
                }
                case OUT_OF_MEMORY -> {
                    memory = 2;
                    resourcesOnly = true;
                    actions.add("memory per rank x2 (the same ranks over twice the nodes)");
                }
                default -> {
                    return none(e.marker() + (r.errorDetail().isEmpty() ? "" : ": " + r.errorDetail()), List.of());
                }
            }
        }
        boolean restart = r.lastStructure() != null;
        if (restart) {
            actions.add("restart from the last geometry (" + r.relaxSteps() + " steps done)");
        }
        if (actions.isEmpty()) {
            return none("no correction known for " + r.errors(), locked);
        }
        return new GpawCorrections(
                true,
                actions,
                locked,
                overrides,
                restart,
                walltime,
                memory,
                resourcesOnly && overrides.isEmpty(),
                null);
    }

    /** More iterations and a gentler mixer than {@code scf}'s; empty when both are at their limits. */
    private static Map<String, Object> scfChange(JsonNode scf, List<String> actions) {
        Map<String, Object> change = new LinkedHashMap<>();
        int maxiter = scf.path("maxiter").asInt(0);
        if (maxiter > 0 && maxiter < MAX_SCF_ITERATIONS) {
            int next = Math.min(MAX_SCF_ITERATIONS, 2 * maxiter);
            change.put("maxiter", next);
            actions.add("scf.maxiter " + maxiter + " -> " + next);
        }
        JsonNode m = scf.path("mixer");
        double beta = m.path("beta").asDouble(DEFAULT_MIXER_BETA);
        double weight = m.path("weight").asDouble(DEFAULT_MIXER_WEIGHT);
        int history = m.path("nmaxold").asInt(DEFAULT_MIXER_HISTORY);
        if (beta > MIN_MIXER_BETA) {
            double nextBeta = Math.max(MIN_MIXER_BETA, beta / 2);
            double nextWeight = Math.min(MAX_MIXER_WEIGHT, Math.max(weight, 2 * weight));
            change.put("mixer", Map.of("beta", nextBeta, "nmaxold", history, "weight", nextWeight));
            actions.add(String.format(
                    Locale.ROOT,
                    "scf.mixer beta %s -> %s, weight %s -> %s",
                    num(beta),
                    num(nextBeta),
                    num(weight),
                    num(nextWeight)));
        }
        return change;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
