package org.xtalflow.hpc;

/** The scheduler ran and refused the job (bad partition, over a limit): do not retry the same job. */
public class SubmitRefusedException extends HpcException {
    public SubmitRefusedException(String message) {
        super(message);
    }
}
