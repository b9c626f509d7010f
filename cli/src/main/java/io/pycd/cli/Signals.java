package io.pycd.cli;

import java.util.concurrent.CountDownLatch;

/** SIGTERM and SIGINT end a long-running command cleanly (exit 0) instead of killing the JVM. */
final class Signals {

    private Signals() {
    }

    /** Counts {@code stop} down on SIGTERM or SIGINT; false when signals cannot be caught here. */
    @SuppressWarnings("restriction")
    static boolean onTermOrInt(CountDownLatch stop) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.countDown());
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}
