package io.pycd.cli;

/** A usage or configuration error detected after parsing: printed as one line, exit code 2. */
public final class UsageFailure extends RuntimeException {
    public UsageFailure(String message) {
        super(message);
    }

    public UsageFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
