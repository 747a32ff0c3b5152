package org.xtalflow.config;

/**
 * A configuration file that cannot be used: unreadable, not YAML, an unknown key, a value of the
 * wrong kind. The message names the file and the key (full dotted path) and says what would be
 * accepted; the CLI prints it without a stack trace and exits with code 3. Sections may throw a
 * subtype (e.g. a cluster profile's), but every configuration error is one of these.
 */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
