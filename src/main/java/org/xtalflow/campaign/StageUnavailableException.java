package org.xtalflow.campaign;

/** A stage whose implementation is not bound in this application (missing from the build or conf). */
public class StageUnavailableException extends RuntimeException {
    public StageUnavailableException(String stage, String what) {
        super("stage '" + stage + "' is not available: " + what);
    }
}
