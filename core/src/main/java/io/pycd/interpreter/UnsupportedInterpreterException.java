package io.pycd.interpreter;

/** An interpreter that answered with a version pycd does not target (Python 2, Python 3.5 and older). */
public final class UnsupportedInterpreterException extends InterpreterException {

    private static final long serialVersionUID = 1L;

    private final String version;

    /**
     * @param name    the interpreter as the message names it: as the user named it, or its path
     * @param version the version it answered ({@code 2.7.18})
     */
    public UnsupportedInterpreterException(String name, String version) {
        super(name + ": " + version + " is not supported (pycd needs 3.6 or newer)");
        this.version = version;
    }

    public String version() {
        return version;
    }

    /** The same refusal, naming the interpreter {@code name}. */
    public UnsupportedInterpreterException named(String name) {
        return new UnsupportedInterpreterException(name, version);
    }
}
