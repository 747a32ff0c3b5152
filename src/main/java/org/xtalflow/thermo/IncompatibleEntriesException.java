package org.xtalflow.thermo;

/** A set of entries that cannot share one phase diagram as given (e.g. GGA mixed with GGA+U). */
public class IncompatibleEntriesException extends IllegalArgumentException {
    public IncompatibleEntriesException(String message) {
        super(message);
    }
}
