package io.pycd.interpreter;

/**
 * An interpreter could not be found, started or understood, or is of a version pycd does not target
 * ({@link UnsupportedInterpreterException}). The message names it and says why.
 */
public sealed class InterpreterException extends Exception permits UnsupportedInterpreterException {
    private final boolean lasting;

    public InterpreterException(String message) {
        this(message, true);
    }

    /**
     * @param lasting false for a failure that may not happen again (a timeout on a busy machine): not remembered
     */
    public InterpreterException(String message, boolean lasting) {
        super(message);
        this.lasting = lasting;
    }

    public InterpreterException(String message, Throwable cause) {
        super(message, cause);
        this.lasting = true;
    }

    /** True when asking again would fail the same way while the interpreter's file is unchanged. */
    public boolean lasting() {
        return lasting;
    }
}
