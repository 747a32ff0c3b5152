package org.xtalflow.hpc;

/**
 * A remote or cluster failure: SSH, SFTP, a scheduler command, a results archive. The message
 * names the cluster/host and, where there is one, the job or candidate. Never carries key
 * material or passwords.
 */
public class HpcException extends RuntimeException {
    public HpcException(String message) {
        super(message);
    }

    public HpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
