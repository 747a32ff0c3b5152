package org.xtalflow.vasp.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error keys found from a run's numbers and files rather than from a printed message, with
 * custodian's handler that has the same check named in each meaning.
 */
public final class RunErrors {

    private RunErrors() {}

    /** vasprun.xml: the last ionic step's SCF ran NELM steps (custodian UnconvergedErrorHandler). */
    public static final String UNCONVERGED_ELECTRONIC = "unconverged_electronic";
    /** vasprun.xml: SCF converged but the relaxation used all NSW steps (UnconvergedErrorHandler). */
    public static final String UNCONVERGED_IONIC = "unconverged_ionic";
    /** OSZICAR: the last ionic steps each hit NELM (NonConvergingErrorHandler; charge sloshing). */
    public static final String NON_CONVERGING = "non_converging";
    /** OSZICAR: the final energy is above zero (PositiveEnergyErrorHandler). */
    public static final String POSITIVE_ENERGY = "positive_energy";
    /** OUTCAR: the smearing entropy T*S exceeds the tolerance per atom (LargeSigmaHandler). */
    public static final String LARGE_SIGMA = "large_sigma";
    /** No output written for longer than the configured time (FrozenJobErrorHandler). */
    public static final String FROZEN_JOB = "frozen_job";

    private static final Map<String, String> MEANINGS = new LinkedHashMap<>();

    static {
        MEANINGS.put(UNCONVERGED_ELECTRONIC, "the electronic SCF did not converge within NELM steps");
        MEANINGS.put(UNCONVERGED_IONIC, "the relaxation did not converge within NSW ionic steps");
        MEANINGS.put(NON_CONVERGING, "the SCF hit NELM at several ionic steps in a row (charge sloshing)");
        MEANINGS.put(POSITIVE_ENERGY, "the final energy is positive: the SCF went astray");
        MEANINGS.put(LARGE_SIGMA, "the smearing entropy T*S is too large per atom: SIGMA too big");
        MEANINGS.put(FROZEN_JOB, "no output was written for longer than the frozen-job time");
    }

    /** Meaning of a derived key, else of a message key, else null. */
    public static String meaning(String key) {
        if (MEANINGS.containsKey(key)) {
            return MEANINGS.get(key);
        }
        MessageRule r = VaspMessages.rule(key);
        return r == null ? null : r.meaning();
    }

    /** The derived keys with their meanings, in a fixed order. */
    public static Map<String, String> derived() {
        return java.util.Collections.unmodifiableMap(MEANINGS);
    }
}
