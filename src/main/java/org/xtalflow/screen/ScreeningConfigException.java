package org.xtalflow.screen;

/** A bad or unusable screening configuration; the message names the key and the file. */
public final class ScreeningConfigException extends org.xtalflow.config.ConfigurationException {
    public ScreeningConfigException(String message) {
        super(message);
    }

    public ScreeningConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
