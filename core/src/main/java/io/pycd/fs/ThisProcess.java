package io.pycd.fs;

/** This process, as the names of the files it writes before renaming them tell it apart from others. */
public final class ThisProcess {

    private ThisProcess() {
    }

    /**
     * This process's id. Asked on first use, not when a writer's class is loaded: a run with nothing to write never
     * asks (the JDK's process handles link lambdas of their own as they start, ~1 ms on Java 17).
     */
    public static long pid() {
        return Pid.VALUE;
    }

    private static final class Pid {
        static final long VALUE = ProcessHandle.current().pid();
    }
}
