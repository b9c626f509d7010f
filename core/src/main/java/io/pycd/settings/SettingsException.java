package io.pycd.settings;

/** A request pycd cannot run: a bad value, no interpreter, a malformed pyproject.toml. The message says which. */
public final class SettingsException extends Exception {
    public SettingsException(String message) {
        super(message);
    }
}
