package io.pycd.watcher.events;

/** Receives a watcher's events. Called from several threads; implementations must be thread-safe and quick. */
@FunctionalInterface
public interface WatchListener {

    void on(WatchEvent event);

    /** Start-up progress: the reconcile of all roots planned {@code jobs} compiles. */
    default void planned(int jobs) {
    }

    /** Start-up progress: one reconcile compile finished. */
    default void step() {
    }
}
