package org.xtalflow.gpaw;

/** A GPAW job that cannot be prepared or read: the message names the file, job or setting. */
public class GpawException extends RuntimeException {
    public GpawException(String message) {
        super(message);
    }

    public GpawException(String message, Throwable cause) {
        super(message, cause);
    }
}
