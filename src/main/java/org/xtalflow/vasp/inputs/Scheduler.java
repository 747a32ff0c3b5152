package org.xtalflow.vasp.inputs;

import java.util.Locale;

/** Batch systems a job script can be written for; each has a template templates/jobs/&lt;name&gt;.sh. */
public enum Scheduler {
    SLURM("slurm.sh", "#SBATCH --partition=", "#SBATCH --account="),
    PBS("pbs.sh", "#PBS -q ", "#PBS -A ");

    private final String templateName;
    private final String partitionDirective;
    private final String accountDirective;

    Scheduler(String templateName, String partitionDirective, String accountDirective) {
        this.templateName = templateName;
        this.partitionDirective = partitionDirective;
        this.accountDirective = accountDirective;
    }

    public String templateName() {
        return templateName;
    }

    public static Scheduler of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new VaspInputException("unknown scheduler '" + name + "' (known: slurm, pbs)");
        }
    }

    /** The partition/queue directive, or a comment when the cluster default is used. */
    String partitionLine(JobResources r) {
        return r.partition().isEmpty() ? "# default partition/queue" : partitionDirective + r.partition();
    }

    /** The account directive, or a comment when none is charged. */
    String accountLine(JobResources r) {
        return r.account().isEmpty() ? "# no account" : accountDirective + r.account();
    }
}
