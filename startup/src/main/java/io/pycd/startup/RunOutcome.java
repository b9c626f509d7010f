package io.pycd.startup;

/** How one run of the command went. */
public sealed interface RunOutcome {

    /** The command could not be started (no such program, not executable); {@code message} says why. */
    record CouldNotStart(String message) implements RunOutcome {
    }

    /**
     * The command ran, and no Python process reported: it started none, or only ones that ignore the hook
     * ({@code python -I}, {@code -E}, {@code -S}, not CPython).
     *
     * @param exitCode the command's exit code (128 + N when signal N ended it)
     * @param seconds  its wall time
     */
    record Unobserved(int exitCode, double seconds) implements RunOutcome {
    }

    /**
     * The command ran and its Python processes reported.
     *
     * @param exitCode the command's exit code (128 + N when signal N ended it)
     * @param seconds  its wall time
     * @param profile  what they reported
     */
    record Observed(int exitCode, double seconds, StartupProfile profile) implements RunOutcome {
    }
}
