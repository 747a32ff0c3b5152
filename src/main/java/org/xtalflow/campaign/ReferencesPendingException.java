package org.xtalflow.campaign;

import java.util.List;

/**
 * A candidate's hull needs same-engine references that are still being computed: its harvest
 * waits (the candidate stays FINISHED) and runs again when they arrive ({@link ReferenceWork}).
 */
public final class ReferencesPendingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReferencesPendingException(String candidateId, String engine, List<String> referenceIds) {
        super(candidateId + ": waiting for " + engine + " references being computed: "
                + String.join(", ", referenceIds));
    }
}
