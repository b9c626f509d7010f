package io.pycd.config;

/** A configuration that pycd cannot use; the message names the file and line. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
