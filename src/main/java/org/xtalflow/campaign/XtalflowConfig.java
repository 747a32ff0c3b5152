package org.xtalflow.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.xtalflow.config.ConfigFile;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.crystal.io.BadInputException;
import org.xtalflow.hpc.ClusterProfiles;
import org.xtalflow.predict.PreScreenConfig;
import org.xtalflow.screen.ScreeningConfig;
import org.xtalflow.thermo.ThermoSettings;
import org.xtalflow.train.TrainConfig;
import org.xtalflow.vasp.inputs.VaspInputException;
import org.xtalflow.vasp.inputs.VaspSettings;

/**
 * conf/xtalflow.yaml, read once: one record per section, each built (and its keys checked) by the
 * section's own package. Every problem, in any section, is a {@link ConfigurationException} naming
 * the file and the key, so a typo stops a command before it does anything.
 *
 * @param file        the configuration file as given
 * @param train       {@code generator.train}
 * @param vasp        {@code vasp} (input set, overrides, batch system, default job resources)
 * @param clusters    {@code clusters}, ${VAR} resolved
 * @param thermo      {@code thermo}
 * @param application {@code application}, checked here and read by the application's settings
 * @param limits      {@code limits}: caps on the readers of untrusted files, applied by the
 *                    application at start ({@link AppSettings#load})
 */
public record XtalflowConfig(
        Path file,
        TrainConfig train,
        JsonNode screeningSection,
        VaspSettings vasp,
        ClusterProfiles clusters,
        ThermoSettings thermo,
        JsonNode application,
        JsonNode prescreenSection,
        InputLimits limits) {

    /** The top-level sections. */
    public static final List<String> SECTIONS =
            List.of("generator", "screening", "prescreen", "vasp", "clusters", "thermo", "application", "limits");

    public static final List<String> GENERATOR_KEYS = List.of("train");
    public static final List<String> APPLICATION_KEYS = List.of(
            "routes_dir",
            "work_dir",
            "inbox",
            "outbox",
            "reports",
            "inbox_poll_ms",
            "templates_dir",
            "store_url",
            "store_user",
            "store_password_env",
            "defaults",
            "generators",
            "nightly",
            "queues",
            "poll_interval_ms",
            "max_queued_jobs",
            "status_page",
            "jolokia");
    public static final List<String> STATUS_PAGE_KEYS = List.of("enabled", "port");
    public static final List<String> JOLOKIA_KEYS = List.of("enabled", "port");
    public static final List<String> DEFAULTS_KEYS =
            List.of("samples", "generator", "input_set", "priority", "seed", "reference_max_sites");
    public static final List<String> NIGHTLY_KEYS =
            List.of("enabled", "cron", "time_zone", "misfire", "elements_file", "samples");
    public static final List<String> QUEUES = List.of("campaign", "generate", "prepare", "submit", "poll", "harvest");
    public static final List<String> QUEUE_KEYS = List.of("size", "concurrency");

    /** Reads and checks the whole file; ${VAR} in cluster profiles reads the environment. */
    public static XtalflowConfig load(Path file) {
        return load(file, System::getenv);
    }

    public static XtalflowConfig load(Path file, UnaryOperator<String> env) {
        JsonNode root = ConfigFile.read(file);
        ConfigKeys.requireKnown(file, "", root, SECTIONS);
        JsonNode generator = root.get("generator");
        ConfigKeys.requireKnown(file, "generator", generator, GENERATOR_KEYS);
        JsonNode app = root.path("application");
        checkApplication(file, app);
        JsonNode screening = root.get("screening");
        try {
            ScreeningConfig.of(screening, file); // checked now, built afresh per use (it is mutable)
            org.xtalflow.vasp.errors.RunPolicy.of(
                    root.get("vasp"), file); // vasp.workflow, lock, corrections: checked now
            JsonNode prescreen = root.get("prescreen");
            PreScreenConfig.defaults().read(prescreen, file, "prescreen");
            return new XtalflowConfig(
                    file,
                    TrainConfig.of(root.path("generator").path("train"), file),
                    screening,
                    VaspSettings.of(root.get("vasp"), file),
                    ClusterProfiles.of(root.get("clusters"), file, env),
                    ThermoSettings.of(root.get("thermo"), file),
                    app,
                    prescreen,
                    InputLimits.of(root.get("limits"), file));
        } catch (BadInputException | VaspInputException e) {
            // a science package's value check: still a configuration error (exit 3), with the file named
            String m = e.getMessage();
            throw new ConfigurationException(m.contains(file.toString()) ? m : file + ": " + m, e);
        }
    }

    private static void checkApplication(Path file, JsonNode app) {
        ConfigKeys.requireKnown(file, "application", app, APPLICATION_KEYS);
        ConfigKeys.requireKnown(file, "application.defaults", app.path("defaults"), DEFAULTS_KEYS);
        ConfigKeys.requireKnown(file, "application.nightly", app.path("nightly"), NIGHTLY_KEYS);
        ConfigKeys.requireKnown(file, "application.status_page", app.path("status_page"), STATUS_PAGE_KEYS);
        ConfigKeys.requireKnown(file, "application.jolokia", app.path("jolokia"), JOLOKIA_KEYS);
        JsonNode q = app.path("queues");
        ConfigKeys.requireKnown(file, "application.queues", q, QUEUES);
        for (String stage : QUEUES) {
            ConfigKeys.requireKnown(file, "application.queues." + stage, q.path(stage), QUEUE_KEYS);
        }
    }

    /** {@code prescreen}: the ML pre-screen's settings (on by default), a fresh instance each call. */
    public PreScreenConfig prescreen() {
        return PreScreenConfig.defaults().read(prescreenSection, file, "prescreen");
    }

    /** {@code screening}: a fresh instance each call (campaigns apply their own overrides to it). */
    /** vasp.workflow, vasp.lock and vasp.corrections (checked when the file was loaded). */
    public org.xtalflow.vasp.errors.RunPolicy runPolicy() {
        return org.xtalflow.vasp.errors.RunPolicy.of(ConfigFile.read(file).get("vasp"), file);
    }

    public ScreeningConfig screening() {
        return ScreeningConfig.of(screeningSection, file);
    }
}
