package org.xtalflow.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resources of a VASP job, declared in two places of conf/xtalflow.yaml with one precedence
 * rule ({@link #overriddenBy}): {@code vasp.job} is the default, written into every bundle's job
 * script; a cluster profile ({@code clusters.NAME}: partition/queue, account, resources, modules,
 * vasp_command, potcar_library) overrides it at submission — its values go on the sbatch/qsub
 * command line (which beats the script's directives) and into the xtalflow-env.sh the script
 * sources first. A bundle submitted by hand runs with {@code vasp.job} alone.
 *
 * <p>A null component is "not set" (a profile sets only what it overrides); {@code vasp.job} is
 * always complete ({@link #defaults()} overridden by what the section says).
 *
 * @param partition        Slurm partition or PBS queue ("" for the cluster's default)
 * @param account          account/project to charge ("" for none)
 * @param nodes            nodes per job
 * @param ntasks           MPI tasks per job
 * @param walltime         wall-clock limit, HH:MM:SS (or D-HH:MM:SS)
 * @param modules          shell lines run before VASP, in order (e.g. "module load vasp/6.4.2");
 *                         {@code vasp.job}'s yaml lists module names, each read as "module load NAME"
 * @param vaspCommand      how VASP is started, e.g. "srun vasp_std"
 * @param potcarLibrary    the cluster's POTCAR library root (holding POT_GGA_PAW_PBE/...), used when
 *                         a bundle carries POTCAR.spec; "" when unknown
 * @param schedulerOptions extra scheduler options, long option name → value (a profile's
 *                         {@code resources}: sbatch --NAME=VALUE, qsub -l NAME=VALUE)
 */
public record JobResources(
        String partition,
        String account,
        Integer nodes,
        Integer ntasks,
        String walltime,
        List<String> modules,
        String vaspCommand,
        String potcarLibrary,
        Map<String, String> schedulerOptions) {

    /** The keys of {@code vasp.job} (queue is PBS's name for partition). */
    public static final List<String> KEYS = List.of(
            "partition",
            "queue",
            "account",
            "nodes",
            "ntasks",
            "walltime",
            "modules",
            "vasp_command",
            "potcar_library");

    public JobResources {
        modules = modules == null ? null : List.copyOf(modules);
        schedulerOptions = schedulerOptions == null ? null : Map.copyOf(schedulerOptions);
        if ((nodes != null && nodes < 1) || (ntasks != null && ntasks < 1)) {
            throw new ConfigurationException(
                    "job resources need nodes >= 1 and ntasks >= 1, got " + nodes + ", " + ntasks);
        }
        if (walltime != null && !walltime.matches("(\\d+-)?\\d{1,3}:\\d{2}:\\d{2}")) {
            throw new ConfigurationException("walltime must be HH:MM:SS (or D-HH:MM:SS), got '" + walltime + "'");
        }
        if (vaspCommand != null && vaspCommand.isBlank()) {
            throw new ConfigurationException("job resources need a vasp command (e.g. 'srun vasp_std')");
        }
        for (String s : java.util.Arrays.asList(partition, account, walltime, vaspCommand, potcarLibrary)) {
            if (s != null && s.contains("\n")) {
                throw new ConfigurationException("job resource values are one line each: '" + s + "'");
            }
        }
    }

    /** Nothing set: overriding with it changes nothing. */
    public static JobResources unset() {
        return new JobResources(null, null, null, null, null, null, null, null, null);
    }

    /** The built-in {@code vasp.job}: 1 node, 16 tasks, 24 h, no modules, srun vasp_std. */
    public static JobResources defaults() {
        return new JobResources("", "", 1, 16, "24:00:00", List.of(), "srun vasp_std", "", Map.of());
    }

    /**
     * The one precedence rule: each component {@code override} sets replaces this one's, an unset
     * (null) one keeps this one's; scheduler options merge by name, {@code override}'s winning.
     */
    public JobResources overriddenBy(JobResources override) {
        Map<String, String> options = schedulerOptions;
        if (override.schedulerOptions != null) {
            Map<String, String> merged = new LinkedHashMap<>(schedulerOptions == null ? Map.of() : schedulerOptions);
            merged.putAll(override.schedulerOptions);
            options = merged;
        }
        return new JobResources(
                or(override.partition, partition),
                or(override.account, account),
                or(override.nodes, nodes),
                or(override.ntasks, ntasks),
                or(override.walltime, walltime),
                or(override.modules, modules),
                or(override.vaspCommand, vaspCommand),
                or(override.potcarLibrary, potcarLibrary),
                options);
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Whether every component is set (what a job script needs). */
    public boolean complete() {
        return partition != null
                && account != null
                && nodes != null
                && ntasks != null
                && walltime != null
                && modules != null
                && vaspCommand != null
                && potcarLibrary != null
                && schedulerOptions != null;
    }

    /**
     * {@code vasp.job} from a yaml/JSON map with keys partition (or queue), account, nodes, ntasks,
     * walltime, modules (module names: list or comma-separated), vasp_command, potcar_library;
     * missing keys keep {@link #defaults()}.
     */
    public static JobResources fromMap(Map<String, ?> m) {
        if (m == null) {
            return defaults();
        }
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new ConfigurationException(
                        "unknown job resource '" + k + "' (known: partition, queue, account, nodes, "
                                + "ntasks, walltime, modules, vasp_command, potcar_library)");
            }
        }
        Object mods = m.get("modules");
        List<String> names = mods == null
                ? null
                : mods instanceof List<?> l
                        ? l.stream().map(String::valueOf).toList()
                        : List.of(mods.toString().split("\\s*,\\s*"));
        JobResources written = new JobResources(
                str(m, "partition", str(m, "queue", null)),
                str(m, "account", null),
                integer(m, "nodes"),
                integer(m, "ntasks"),
                str(m, "walltime", null),
                names == null
                        ? null
                        : names.stream().map(n -> "module load " + n).toList(),
                str(m, "vasp_command", null),
                str(m, "potcar_library", null),
                null);
        written.checkCommands("vasp.job");
        return defaults().overriddenBy(written);
    }

    /**
     * The one rule for what a job script runs (vasp_command, module lines), on every path (vasp.job
     * and cluster profiles): plain command lines of safe words ({@link ShellWords#commandLine}).
     *
     * @param where the section, e.g. "vasp.job" or "clusters.NAME"
     */
    public void checkCommands(String where) {
        if (vaspCommand != null) {
            ShellWords.commandLine(where + ".vasp_command", vaspCommand);
        }
        if (modules != null) {
            for (String m : modules) {
                if (!m.strip().startsWith("#")) { // a shell comment line runs nothing
                    ShellWords.commandLine(where + ".modules", m);
                }
            }
        }
    }

    private static String str(Map<String, ?> m, String k, String dflt) {
        Object v = m.get(k);
        return v == null ? dflt : v.toString();
    }

    private static Integer integer(Map<String, ?> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            return null;
        }
        try {
            return v instanceof Number n
                    ? n.intValue()
                    : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("job resource " + k + " must be an integer, got '" + v + "'");
        }
    }

    /** Placeholder values for job-script templates (scheduler-independent names); needs {@link #complete()}. */
    public Map<String, String> placeholders() {
        return Map.of(
                "partition", partition,
                "account", account,
                "nodes", Integer.toString(nodes),
                "ntasks", Integer.toString(ntasks),
                "walltime", walltime,
                "module_loads", String.join("\n", modules),
                "vasp_command", vaspCommand,
                "vasp_command_quoted", ShellWords.quote(vaspCommand),
                "potcar_library", potcarLibrary);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "JobResources(%s, %s nodes x %s tasks, %s)", partition, nodes, ntasks, walltime);
    }
}
