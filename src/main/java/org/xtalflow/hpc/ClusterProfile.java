package org.xtalflow.hpc;

import org.xtalflow.config.BatchSystem;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One cluster from conf/xtalflow.yaml ({@code clusters: NAME: ...}). Its job values override the
 * bundle's {@code vasp.job} defaults at submission ({@code vasp.inputs.JobResources} states the rule).
 *
 * @param name profile name, a safe name
 * @param host login node host name or address
 * @param port SSH port
 * @param user remote user
 * @param keyFile private key for public-key authentication (never read into logs)
 * @param knownHosts OpenSSH known_hosts file; host keys are checked strictly against it
 * @param trustOnFirstUse accept and record an unknown host key (never a changed one)
 * @param scheduler slurm, pbs or local
 * @param workRoot remote folder under which each job gets {@code <workRoot>/<candidate id>}
 * @param partition Slurm partition / PBS queue, or null for the default
 * @param account account / project to charge, or null
 * @param resources extra scheduler options, long option name → value (e.g. time: 24:00:00)
 * @param modules shell lines run before VASP (e.g. "module load vasp/6.4.2")
 * @param vaspCommand how to run VASP on this cluster (e.g. "srun vasp_std")
 * @param potcarLibrary POTCAR library folder on the cluster
 * @param maxQueuedJobs at most this many of our jobs queued or running at once
 * @param pollIntervalSeconds seconds between two polls of this cluster
 * @param accounting whether sacct (Slurm accounting) can be asked about finished jobs
 * @param ssh connection politeness
 */
public record ClusterProfile(String name, String host, int port, String user, Path keyFile, Path knownHosts,
                             boolean trustOnFirstUse, BatchSystem scheduler, String workRoot, String partition,
                             String account, Map<String, String> resources, List<String> modules,
                             String vaspCommand, String potcarLibrary, int maxQueuedJobs, int pollIntervalSeconds,
                             boolean accounting, SshPolicy ssh) {

    public ClusterProfile {
        String where = "cluster '" + name + "'";
        try {
            SafeName.name("cluster name", name);
            SafeName.path(where + " work_root", workRoot);
            if (partition != null) SafeName.name(where + " partition", partition);
            if (account != null) SafeName.name(where + " account", account);
            resources = Map.copyOf(resources == null ? Map.of() : resources);
            for (Map.Entry<String, String> e : resources.entrySet()) {
                if (!e.getKey().matches("[a-z][a-z0-9-]{0,40}")) {
                    throw new IllegalArgumentException(where + " resource option '" + e.getKey() + "' is not a long option name");
                }
                SafeName.optionValue(where + " resource " + e.getKey(), e.getValue());
            }
            if (user != null) SafeName.name(where + " user", user);
        } catch (IllegalArgumentException e) {
            throw new ClusterConfigException(e.getMessage(), e);
        }
        modules = List.copyOf(modules == null ? List.of() : modules);
        if (scheduler == null) throw new ClusterConfigException(where + ": scheduler must be slurm, pbs or local");
        if (scheduler != BatchSystem.LOCAL) {
            if (host == null || host.isBlank()) throw new ClusterConfigException(where + ": host is required");
            if (user == null) throw new ClusterConfigException(where + ": user is required");
            if (keyFile == null) throw new ClusterConfigException(where + ": key_file is required");
            if (knownHosts == null) throw new ClusterConfigException(where + ": known_hosts is required");
        }
        if (port < 1 || port > 65535) throw new ClusterConfigException(where + ": port " + port + " out of range");
        if (maxQueuedJobs < 1) throw new ClusterConfigException(where + ": max_queued_jobs must be >= 1");
        if (pollIntervalSeconds < 1) throw new ClusterConfigException(where + ": poll_interval_s must be >= 1");
        if (ssh == null) ssh = SshPolicy.defaults();
    }

    /** The job's folder on the cluster. */
    public String jobDir(String candidateId) {
        return workRoot.replaceAll("/+$", "") + "/" + SafeName.name("candidate id", candidateId);
    }

    /** "user@host:port" for messages. */
    public String address() {
        return scheduler == BatchSystem.LOCAL ? "local" : user + "@" + host + ":" + port;
    }
}
