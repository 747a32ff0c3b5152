package org.xtalflow.cli;

/**
 * The command line asks for something the command cannot do (missing option, bad value, options
 * that exclude each other) and picocli's own checks cannot see it. Exit code 2.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
