package io.pycd.interpreter;

/** An interpreter could not be found, started or understood. The message names it and says why. */
public final class InterpreterException extends Exception {
    public InterpreterException(String message) {
        super(message);
    }

    public InterpreterException(String message, Throwable cause) {
        super(message, cause);
    }
}
