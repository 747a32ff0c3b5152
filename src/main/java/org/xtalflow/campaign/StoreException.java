package org.xtalflow.campaign;

/** The campaign store could not do what was asked (database unreachable, SQL error, bad id). */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
