package io.pycd.cli;

/** SIGTERM and SIGINT end a long-running command cleanly (exit 0) instead of killing the JVM. */
final class Signals {

    private Signals() {
    }

    /** Runs {@code stop} on SIGTERM or SIGINT (it must return at once); false when signals cannot be caught here. */
    @SuppressWarnings("restriction")
    static boolean onTermOrInt(Runnable stop) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.run());
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }

    /**
     * For a command pycd runs in the foreground: SIGINT, which the terminal sends to the command too, is left to the
     * command (pycd waits for it to end, then reports); SIGTERM, sent to pycd alone, is passed on to pycd's child
     * processes. False when signals cannot be caught here.
     */
    @SuppressWarnings("restriction")
    static boolean leaveToChildren() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> { });
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"),
                    s -> ProcessHandle.current().children().forEach(ProcessHandle::destroy));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}
