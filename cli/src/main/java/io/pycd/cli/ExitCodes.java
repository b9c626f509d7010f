package io.pycd.cli;

/** pycd's documented, stable exit codes. */
public final class ExitCodes {
    /** Everything compiled, fresh, clean or removed. */
    public static final int OK = 0;
    /** The work ran but some of it failed or found problems. */
    public static final int PROBLEMS = 1;
    /** Bad flag, no interpreter, unreadable PATH, malformed configuration. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
