package org.xtalflow.hpc;

/**
 * The connection to a host failed or broke during an operation, so its outcome is unknown
 * (a submission may or may not have happened: reconcile before retrying).
 */
public class RemoteConnectionException extends HpcException {
    public RemoteConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
