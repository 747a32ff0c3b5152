package org.xtalflow.vasp.inputs;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The host-independent part of a cluster profile that a job script needs: {@code vasp.job}, written
 * into every bundle's job script. The one precedence rule (README "Configuration"): these are the
 * defaults; at submission the cluster profile overrides them (its partition/queue, account and
 * resources on the sbatch/qsub command line, its modules, vasp_command and potcar_library in the
 * xtalflow-env.sh the script sources first). A bundle submitted by hand runs with these alone.
 *
 * @param partition     Slurm partition or PBS queue ("" for the default)
 * @param account       account/project to charge ("" for none)
 * @param nodes         nodes per job
 * @param ntasks        MPI tasks per job
 * @param walltime      wall-clock limit, HH:MM:SS
 * @param modules       environment modules loaded before VASP, in order
 * @param vaspCommand   how VASP is started, e.g. "srun vasp_std"
 * @param potcarLibrary the cluster's POTCAR library root (holding POT_GGA_PAW_PBE/...), used when a
 *                      bundle carries POTCAR.spec; "" when unknown
 */
public record JobResources(String partition, String account, int nodes, int ntasks, String walltime,
                           List<String> modules, String vaspCommand, String potcarLibrary) {

    public JobResources {
        partition = partition == null ? "" : partition;
        account = account == null ? "" : account;
        modules = modules == null ? List.of() : List.copyOf(modules);
        potcarLibrary = potcarLibrary == null ? "" : potcarLibrary;
        if (nodes < 1 || ntasks < 1) {
            throw new VaspInputException("job resources need nodes >= 1 and ntasks >= 1, got " + nodes + ", " + ntasks);
        }
        if (walltime == null || !walltime.matches("(\\d+-)?\\d{1,3}:\\d{2}:\\d{2}")) {
            throw new VaspInputException("walltime must be HH:MM:SS (or D-HH:MM:SS), got '" + walltime + "'");
        }
        if (vaspCommand == null || vaspCommand.isBlank()) {
            throw new VaspInputException("job resources need a vasp command (e.g. 'srun vasp_std')");
        }
        for (String s : List.of(partition, account, walltime, vaspCommand, potcarLibrary)) {
            if (s.contains("\n")) {
                throw new VaspInputException("job resource values are one line each: '" + s + "'");
            }
        }
    }

    /** Defaults: 1 node, 16 tasks, 24 h, no modules, srun vasp_std. */
    public static JobResources defaults() {
        return new JobResources("", "", 1, 16, "24:00:00", List.of(), "srun vasp_std", "");
    }

    /**
     * From a yaml/JSON map with keys partition (or queue), account, nodes, ntasks, walltime,
     * modules (list or comma-separated), vasp_command, potcar_library; missing keys keep defaults.
     */
    public static JobResources fromMap(Map<String, ?> m) {
        if (m == null) {
            return defaults();
        }
        for (String k : m.keySet()) {
            if (!List.of("partition", "queue", "account", "nodes", "ntasks", "walltime", "modules", "vasp_command",
                    "potcar_library").contains(k)) {
                throw new VaspInputException("unknown job resource '" + k + "' (known: partition, queue, account, nodes, "
                        + "ntasks, walltime, modules, vasp_command, potcar_library)");
            }
        }
        JobResources d = defaults();
        Object mods = m.get("modules");
        List<String> modules = mods == null ? d.modules()
                : mods instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of(mods.toString().split("\\s*,\\s*"));
        return new JobResources(str(m, "partition", str(m, "queue", d.partition())), str(m, "account", d.account()),
                integer(m, "nodes", d.nodes()), integer(m, "ntasks", d.ntasks()), str(m, "walltime", d.walltime()),
                modules, str(m, "vasp_command", d.vaspCommand()), str(m, "potcar_library", d.potcarLibrary()));
    }

    private static String str(Map<String, ?> m, String k, String dflt) {
        Object v = m.get(k);
        return v == null ? dflt : v.toString();
    }

    private static int integer(Map<String, ?> m, String k, int dflt) {
        Object v = m.get(k);
        if (v == null) {
            return dflt;
        }
        try {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new VaspInputException("job resource " + k + " must be an integer, got '" + v + "'");
        }
    }

    /** Placeholder values for job-script templates (scheduler-independent names). */
    public Map<String, String> placeholders() {
        StringBuilder mods = new StringBuilder();
        for (String mod : modules) {
            mods.append("module load ").append(mod).append('\n');
        }
        return Map.of(
                "partition", partition,
                "account", account,
                "nodes", Integer.toString(nodes),
                "ntasks", Integer.toString(ntasks),
                "walltime", walltime,
                "module_loads", mods.toString().stripTrailing(),
                "vasp_command", vaspCommand,
                "potcar_library", potcarLibrary);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "JobResources(%s, %d nodes x %d tasks, %s)", partition, nodes, ntasks, walltime);
    }
}
