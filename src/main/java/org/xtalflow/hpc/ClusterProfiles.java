package org.xtalflow.hpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.ConfigFile;
import org.xtalflow.config.ConfigKeys;
import org.xtalflow.config.ConfigurationException;
import org.xtalflow.config.JobResources;

/**
 * Reads the {@code clusters:} section of conf/xtalflow.yaml into {@link ClusterProfile}s.
 * String values may use {@code ${VAR}} or {@code ${VAR:-default}} (environment) and paths may
 * start with {@code ~/}. Unknown keys are errors (a typo must not silently fall back to a default).
 */
public final class ClusterProfiles {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    /** The keys of one profile ({@code clusters.NAME}) and of its {@code ssh} mapping. */
    public static final List<String> KEYS = List.of(
            "host",
            "port",
            "user",
            "key_file",
            "known_hosts",
            "trust_on_first_use",
            "scheduler",
            "work_root",
            "partition",
            "queue",
            "account",
            "resources",
            "modules",
            "vasp_command",
            "potcar_library",
            "engine",
            "gpaw_python",
            "mpi_ranks",
            "max_queued_jobs",
            "poll_interval_s",
            "accounting",
            "ssh");

    public static final List<String> SSH_KEYS = List.of(
            "max_channels",
            "min_connect_interval_s",
            "commands_per_minute",
            "keepalive_s",
            "reconnect_initial_s",
            "reconnect_max_s",
            "reconnect_attempts",
            "pause_s",
            "connect_timeout_s",
            "command_timeout_s");

    private final Map<String, ClusterProfile> profiles;

    private ClusterProfiles(Map<String, ClusterProfile> profiles) {
        this.profiles = profiles;
    }

    public static ClusterProfiles load(Path yamlFile) {
        return load(yamlFile, System::getenv);
    }

    /** Loads with {@code env} resolving ${VAR} (tests pass their own). */
    public static ClusterProfiles load(Path yamlFile, UnaryOperator<String> env) {
        JsonNode root;
        try {
            root = ConfigFile.read(yamlFile);
        } catch (ConfigurationException e) {
            throw new ClusterConfigException(e.getMessage(), e);
        }
        return of(root.get("clusters"), yamlFile, env);
    }

    /** The {@code clusters} section from the configuration's tree (null: none); {@code env} resolves ${VAR}. */
    public static ClusterProfiles of(JsonNode clusters, Path yamlFile, UnaryOperator<String> env) {
        Map<String, ClusterProfile> out = new LinkedHashMap<>();
        if (clusters == null || clusters.isNull()) return new ClusterProfiles(out);
        if (!clusters.isObject())
            throw new ClusterConfigException(yamlFile + ": 'clusters' must be a mapping of name -> profile");
        for (Iterator<Map.Entry<String, JsonNode>> it = clusters.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), parse(yamlFile, "clusters." + e.getKey(), e.getKey(), e.getValue(), env));
        }
        return new ClusterProfiles(out);
    }

    /** The profile, or a ClusterConfigException listing the known names. */
    public ClusterProfile get(String name) {
        ClusterProfile p = profiles.get(name);
        if (p == null) {
            throw new ClusterConfigException("unknown cluster '" + name + "'; configured: "
                    + (profiles.isEmpty()
                            ? "none (add one under 'clusters:' in conf/xtalflow.yaml)"
                            : profiles.keySet()));
        }
        return p;
    }

    public Map<String, ClusterProfile> all() {
        return java.util.Collections.unmodifiableMap(profiles);
    }

    static ClusterProfile parse(Path file, String key, String name, JsonNode n, UnaryOperator<String> env) {
        String where = file + ": " + key;
        if (n == null || !n.isObject()) throw new ClusterConfigException(where + ": must be a mapping");
        ConfigKeys.requireKnown(file, key, n, KEYS, ClusterConfigException::new);
        String schedulerText = str(n, "scheduler", "slurm", env);
        BatchSystem kind;
        try {
            kind = BatchSystem.valueOf(schedulerText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ClusterConfigException(where + ": scheduler '" + schedulerText + "' is not slurm, pbs or local");
        }
        Map<String, String> resources = null;
        JsonNode r = n.get("resources");
        if (r != null && !r.isNull()) {
            resources = new LinkedHashMap<>();
            if (!r.isObject())
                throw new ClusterConfigException(where + ".resources: must be a mapping option -> value");
            Map<String, String> into = resources;
            r.properties()
                    .iterator()
                    .forEachRemaining(
                            e -> into.put(e.getKey(), expand(e.getValue().asText(), env)));
        }
        List<String> modules = null;
        JsonNode m = n.get("modules");
        if (m != null && !m.isNull()) {
            if (!m.isArray()) throw new ClusterConfigException(where + ".modules: must be a list of shell lines");
            modules = new ArrayList<>();
            List<String> into = modules;
            m.forEach(x -> into.add(expand(x.asText(), env)));
        }
        JsonNode s = n.get("ssh");
        SshPolicy d = SshPolicy.defaults();
        SshPolicy policy = d;
        if (s != null && !s.isNull()) {
            ConfigKeys.requireKnown(file, key + ".ssh", s, SSH_KEYS, ClusterConfigException::new);
            policy = new SshPolicy(
                    (int) num(s, "max_channels", d.maxChannels(), where, env),
                    ms(s, "min_connect_interval_s", d.minConnectIntervalMs(), where, env),
                    (int) num(s, "commands_per_minute", d.commandsPerMinute(), where, env),
                    (int) num(s, "keepalive_s", d.keepaliveSeconds(), where, env),
                    ms(s, "reconnect_initial_s", d.reconnectInitialMs(), where, env),
                    ms(s, "reconnect_max_s", d.reconnectMaxMs(), where, env),
                    (int) num(s, "reconnect_attempts", d.reconnectAttempts(), where, env),
                    ms(s, "pause_s", d.pauseMs(), where, env),
                    (int) ms(s, "connect_timeout_s", d.connectTimeoutMs(), where, env),
                    ms(s, "command_timeout_s", d.commandTimeoutMs(), where, env));
        }
        String partition = str(n, "partition", null, env);
        if (partition == null) partition = str(n, "queue", null, env);
        String keyFile = str(n, "key_file", null, env);
        String knownHosts = str(n, "known_hosts", null, env);
        try {
            // unset keys stay null: the bundle's vasp.job applies (JobResources.overriddenBy)
            JobResources job = new JobResources(
                    partition,
                    emptyToNull(str(n, "account", null, env)),
                    null,
                    null,
                    null,
                    modules,
                    emptyToNull(str(n, "vasp_command", null, env)),
                    str(n, "potcar_library", null, env),
                    resources);
            return new ClusterProfile(
                    name,
                    str(n, "host", null, env),
                    (int) num(n, "port", 22, where, env),
                    str(n, "user", kind == BatchSystem.LOCAL ? null : System.getProperty("user.name"), env),
                    keyFile == null ? null : path(keyFile),
                    knownHosts == null ? null : path(knownHosts),
                    n.path("trust_on_first_use").asBoolean(false),
                    kind,
                    str(n, "work_root", null, env),
                    job,
                    (int) num(n, "max_queued_jobs", 100, where, env),
                    (int) num(n, "poll_interval_s", 120, where, env),
                    n.path("accounting").asBoolean(false),
                    policy,
                    emptyToNull(str(n, "engine", null, env)),
                    emptyToNull(str(n, "gpaw_python", null, env)),
                    n.hasNonNull("mpi_ranks") ? (int) num(n, "mpi_ranks", 1, where, env) : null);
        } catch (ConfigurationException e) {
            throw new ClusterConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Path path(String p) {
        return p.startsWith("~/") ? Path.of(System.getProperty("user.home"), p.substring(2)) : Path.of(p);
    }

    private static String str(JsonNode n, String key, String dflt, UnaryOperator<String> env) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return dflt;
        return expand(v.asText(), env);
    }

    private static double num(JsonNode n, String key, double dflt, String where, UnaryOperator<String> env) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return dflt;
        if (v.isNumber()) return v.asDouble();
        try {
            return Double.parseDouble(expand(v.asText(), env).trim());
        } catch (NumberFormatException e) {
            throw new ClusterConfigException(where + ": " + key + " '" + v.asText() + "' is not a number");
        }
    }

    private static long ms(JsonNode n, String key, long dfltMs, String where, UnaryOperator<String> env) {
        return Math.round(num(n, key, dfltMs / 1000.0, where, env) * 1000);
    }

    static String expand(String s, UnaryOperator<String> env) {
        if (s.indexOf("${") < 0) return s; // nothing to expand: skip the regular expression
        Matcher m = VAR.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null || v.isEmpty()) {
                if (m.group(2) == null)
                    throw new ClusterConfigException(
                            "environment variable " + m.group(1) + " is not set (used as ${" + m.group(1) + "})");
                v = m.group(3);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
