package org.xtalflow.hpc;

/** A cluster profile in the configuration is missing, incomplete or invalid (CLI exit code 3). */
public class ClusterConfigException extends org.xtalflow.config.ConfigurationException {
    public ClusterConfigException(String message) {
        super(message);
    }

    public ClusterConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
