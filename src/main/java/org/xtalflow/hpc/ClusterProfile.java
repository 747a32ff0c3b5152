package org.xtalflow.hpc;

import java.nio.file.Path;
import java.util.Map;
import org.xtalflow.config.BatchSystem;
import org.xtalflow.config.JobResources;
import org.xtalflow.config.ShellWords;

/**
 * One cluster from conf/xtalflow.yaml ({@code clusters: NAME: ...}). Its job resources override the
 * bundle's {@code vasp.job} defaults at submission ({@link JobResources#overriddenBy} is the rule).
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
 * @param job what this cluster overrides of {@code vasp.job}, null components not set: partition
 *            (Slurm partition / PBS queue), account, scheduler options ({@code resources}, long option
 *            name → value, e.g. time: 24:00:00), modules (shell lines run before VASP), vasp command,
 *            POTCAR library folder on the cluster; never nodes, ntasks or walltime (those go in
 *            {@code resources})
 * @param maxQueuedJobs at most this many of our jobs queued or running at once
 * @param pollIntervalSeconds seconds between two polls of this cluster
 * @param accounting whether sacct (Slurm accounting) can be asked about finished jobs
 * @param ssh connection politeness
 * @param engine the DFT engine this cluster runs ("vasp" or "gpaw"; null: vasp), for campaigns whose spec names none
 * @param gpawPython the Python that imports gpaw on the cluster (XTALFLOW_GPAW_PYTHON), null: the bundle's
 * @param mpiRanks MPI ranks of a GPAW job (XTALFLOW_GPAW_RANKS), null: the job's ntasks
 */
public record ClusterProfile(
        String name,
        String host,
        int port,
        String user,
        Path keyFile,
        Path knownHosts,
        boolean trustOnFirstUse,
        BatchSystem scheduler,
        String workRoot,
        JobResources job,
        int maxQueuedJobs,
        int pollIntervalSeconds,
        boolean accounting,
        SshPolicy ssh,
        String engine,
        String gpawPython,
        Integer mpiRanks) {

    /** A VASP cluster (engine, GPAW python and ranks unset). */
    public ClusterProfile(
            String name,
            String host,
            int port,
            String user,
            Path keyFile,
            Path knownHosts,
            boolean trustOnFirstUse,
            BatchSystem scheduler,
            String workRoot,
            JobResources job,
            int maxQueuedJobs,
            int pollIntervalSeconds,
            boolean accounting,
            SshPolicy ssh) {
        this(
                name,
                host,
                port,
                user,
                keyFile,
                knownHosts,
                trustOnFirstUse,
                scheduler,
                workRoot,
                job,
                maxQueuedJobs,
                pollIntervalSeconds,
                accounting,
                ssh,
                null,
                null,
                null);
    }

    public ClusterProfile {
        String where = "cluster '" + name + "'";
        try {
            SafeName.name("cluster name", name);
            SafeName.path(where + " work_root", workRoot);
            if (job == null) job = JobResources.unset();
            if (job.nodes() != null || job.ntasks() != null || job.walltime() != null) {
                throw new IllegalArgumentException(
                        where + " sets nodes, ntasks and walltime under resources (scheduler options)");
            }
            if (job.partition() != null) SafeName.name(where + " partition", job.partition());
            if (job.account() != null) SafeName.name(where + " account", job.account());
            for (Map.Entry<String, String> e : options(job).entrySet()) {
                if (!e.getKey().matches("[a-z][a-z0-9-]{0,40}")) {
                    throw new IllegalArgumentException(
                            where + " resource option '" + e.getKey() + "' is not a long option name");
                }
                SafeName.optionValue(where + " resource " + e.getKey(), e.getValue());
            }
            if (user != null) SafeName.name(where + " user", user);
        } catch (IllegalArgumentException e) {
            throw new ClusterConfigException(e.getMessage(), e);
        }
        try {
            // written into the job's environment file and run there: the same rule as vasp.job's
            job.checkCommands(where);
            if (host != null && !host.isBlank()) {
                ShellWords.host(where, host);
            }
        } catch (org.xtalflow.config.ConfigurationException e) {
            throw new ClusterConfigException(e.getMessage(), e);
        }
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
        if (engine != null) {
            try {
                engine = org.xtalflow.dft.Engine.parse(engine).configName();
            } catch (IllegalArgumentException e) {
                throw new ClusterConfigException(where + ": " + e.getMessage(), e);
            }
        }
        if (mpiRanks != null && mpiRanks < 1) {
            throw new ClusterConfigException(where + ": mpi_ranks must be >= 1, got " + mpiRanks);
        }
        if (gpawPython != null) {
            try {
                // run in the job's environment file: one command word, the same rule as vasp_command's
                org.xtalflow.config.ShellWords.commandLine(where + " gpaw_python", gpawPython);
            } catch (org.xtalflow.config.ConfigurationException e) {
                throw new ClusterConfigException(e.getMessage(), e);
            }
        }
    }

    /** The profile's scheduler options ({@code resources}), empty when none. */
    static Map<String, String> options(JobResources job) {
        return job.schedulerOptions() == null ? Map.of() : job.schedulerOptions();
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
