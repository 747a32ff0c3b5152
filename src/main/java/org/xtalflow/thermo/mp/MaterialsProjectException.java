package org.xtalflow.thermo.mp;

/**
 * The Materials Project could not answer: the message says what failed, on which URL (never the
 * API key) and what to do. {@link #kind()} tells a caller whether falling back to a cache makes
 * sense ({@link Kind#isUnreachable()}).
 */
public class MaterialsProjectException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** No API key configured. */
        NO_KEY,
        /** HTTP 401/403: the key was refused. */
        BAD_KEY,
        /** The host could not be reached (DNS, connection refused, no route). */
        NO_NETWORK,
        /** No answer within the request timeout, after the retries. */
        TIMEOUT,
        /** HTTP 429 after the retries. */
        RATE_LIMITED,
        /** HTTP 5xx after the retries. */
        SERVER_ERROR,
        /** An answer that is not MP's documented JSON. */
        MALFORMED_RESPONSE,
        /** The query was refused (HTTP 400/404/422) or the chemical system is unknown. */
        BAD_REQUEST,
        /** No element of that name, or MP holds no entries for the system. */
        UNKNOWN_CHEMICAL_SYSTEM;

        /** True when MP could not be reached or did not answer in time: a cached copy may stand in. */
        public boolean isUnreachable() {
            return this == NO_NETWORK
                    || this == TIMEOUT
                    || this == RATE_LIMITED
                    || this == SERVER_ERROR
                    || this == NO_KEY;
        }
    }

    private final Kind kind;

    public MaterialsProjectException(Kind kind, String message) {
        this(kind, message, null);
    }

    public MaterialsProjectException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
