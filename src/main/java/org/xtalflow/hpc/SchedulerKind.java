package org.xtalflow.hpc;

/** Which batch system a cluster runs; {@code LOCAL} runs job scripts on this machine without SSH. */
public enum SchedulerKind {
    SLURM, PBS, LOCAL
}
