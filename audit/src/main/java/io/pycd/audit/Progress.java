package io.pycd.audit;

/** Receives progress of long steps (the history scan). The engine never prints; the caller decides. */
@FunctionalInterface
public interface Progress {

    Progress NONE = (step, done, total) -> { };

    /** {@code done} of {@code total} units of {@code step} are finished. Called from the auditing thread. */
    void step(String step, long done, long total);
}
