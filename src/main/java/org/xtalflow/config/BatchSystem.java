package org.xtalflow.config;

import java.util.Locale;

/**
 * The kind of batch system a job runs under: the one vocabulary of {@code vasp.scheduler} (which
 * job-script template a bundle gets) and of a cluster profile's {@code scheduler} (how jobs are
 * submitted and polled). {@code LOCAL} runs job scripts on this machine without SSH or a queue.
 */
public enum BatchSystem {
    SLURM,
    PBS,
    LOCAL;

    /** The name as written in the configuration (slurm, pbs, local). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the configuration's name, any case; {@code null} when it names none of them. */
    public static BatchSystem parse(String name) {
        if (name == null) {
            return null;
        }
        for (BatchSystem b : values()) {
            if (b.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        return null;
    }
}
