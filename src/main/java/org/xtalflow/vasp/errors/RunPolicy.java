package org.xtalflow.vasp.errors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xtalflow.config.ConfigFile;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.vasp.inputs.JobFlow;
import org.xtalflow.vasp.inputs.VaspInputException;

/**
 * The run-finishing part of the {@code vasp:} section of conf/xtalflow.yaml:
 * <pre>
 * vasp:
 *   workflow: double_relax_static   # relax | double_relax_static (MP: relax, relax, static)
 *   lock: [ENCUT, PREC, GGA, METAGGA, LDAU, POTCAR, LASPH, ISPIN, KPOINTS, EDIFF]
 *   corrections:
 *     max_attempts: 5               # jobs per candidate (each a corrected attempt)
 *     non_converging_steps: 3       # ionic steps in a row at NELM
 *     entropy_per_atom_ev: 0.001    # largest |T*S| per atom
 *     frozen_after_s: 21600         # no output for this long: frozen
 *     walltime_margin_s: 300        # STOPCAR when less than max(this, 3 x longest ionic step) is left
 *     max_walltime: "48:00:00"      # walltime is doubled up to this after two cuts
 *     max_nodes: 4                  # out of memory: tasks spread over up to this many nodes
 * </pre>
 *
 * @param workflow "relax" or "double_relax_static"
 */
public record RunPolicy(
        String workflow,
        PhysicsLock lock,
        int maxAttempts,
        CheckOptions check,
        int walltimeMarginS,
        String maxWalltime,
        int maxNodes) {

    private static final List<String> KEYS = List.of(
            "max_attempts",
            "non_converging_steps",
            "entropy_per_atom_ev",
            "frozen_after_s",
            "walltime_margin_s",
            "max_walltime",
            "max_nodes");

    public RunPolicy {
        JobFlow.of(workflow, Math.max(1, walltimeMarginS)); // refuses an unknown workflow
        if (!maxWalltime.matches("(\\d+-)?\\d{1,3}:\\d{2}:\\d{2}")) {
            throw new VaspInputException("vasp.corrections.max_walltime must be HH:MM:SS, got '" + maxWalltime + "'");
        }
    }

    public static RunPolicy defaults() {
        return new RunPolicy(
                "double_relax_static",
                PhysicsLock.defaults(),
                Corrector.DEFAULT_MAX_ATTEMPTS,
                CheckOptions.defaults(),
                300,
                "48:00:00",
                4);
    }

    public Corrector corrector() {
        return new Corrector(lock, maxAttempts);
    }

    /** The steps the job script runs and its walltime margin. */
    public JobFlow jobFlow() {
        return JobFlow.of(workflow, walltimeMarginS);
    }

    /** Reads vasp.workflow, vasp.lock and vasp.corrections; absent ones keep the defaults. */
    public static RunPolicy load(Path confFile) {
        return of(ConfigFile.read(confFile).get("vasp"), confFile);
    }

    /**
     * From the {@code vasp} section's tree (null: the defaults). The section's own keys are checked
     * by {@code VaspSettings}; an unknown {@code vasp.corrections} key or a bad value is a
     * {@link ConfigurationException} naming the file and the key.
     */
    @SuppressWarnings("unchecked")
    public static RunPolicy of(JsonNode section, Path confFile) {
        RunPolicy d = defaults();
        if (section == null || !section.isObject()) {
            return d;
        }
        ConfigKeys.requireKnown(confFile, "vasp.corrections", section.get("corrections"), KEYS);
        Map<String, Object> v = new ObjectMapper().convertValue(section, Map.class);
        try {
            Object wf = v.get("workflow");
            Object lockList = v.get("lock");
            PhysicsLock lock = d.lock();
            if (lockList != null) {
                if (!(lockList instanceof List<?> l)) {
                    throw new VaspInputException("vasp.lock must be a list of settings, e.g. [ENCUT, PREC, KPOINTS]");
                }
                List<String> names = new ArrayList<>();
                l.forEach(o -> names.add(String.valueOf(o)));
                lock = new PhysicsLock(names);
            }
            Object c = v.get("corrections");
            Map<String, Object> corr = c == null ? Map.of() : (Map<String, Object>) c;
            CheckOptions dc = d.check();
            CheckOptions check = new CheckOptions(
                    intOf(corr, "non_converging_steps", dc.nonConvergingSteps()),
                    doubleOf(corr, "entropy_per_atom_ev", dc.entropyPerAtomTolerance()),
                    Duration.ofSeconds(
                            intOf(corr, "frozen_after_s", (int) dc.frozenAfter().toSeconds())),
                    false,
                    dc.now());
            return new RunPolicy(
                    wf == null ? d.workflow() : wf.toString(),
                    lock,
                    intOf(corr, "max_attempts", d.maxAttempts()),
                    check,
                    intOf(corr, "walltime_margin_s", d.walltimeMarginS()),
                    corr.get("max_walltime") == null
                            ? d.maxWalltime()
                            : corr.get("max_walltime").toString(),
                    intOf(corr, "max_nodes", d.maxNodes()));
        } catch (IllegalArgumentException | ClassCastException | VaspInputException e) {
            throw new ConfigurationException(confFile + ": vasp section: " + e.getMessage(), e);
        }
    }

    private static int intOf(Map<String, Object> m, String k, int dflt) {
        Object v = m.get(k);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1) {
            return n.intValue();
        }
        throw new VaspInputException("vasp.corrections." + k + " must be a whole number >= 1, got '" + v + "'");
    }

    private static double doubleOf(Map<String, Object> m, String k, double dflt) {
        Object v = m.get(k);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() > 0) {
            return n.doubleValue();
        }
        throw new VaspInputException("vasp.corrections." + k + " must be a number > 0, got '" + v + "'");
    }
}
