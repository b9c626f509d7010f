package io.pycd.watcher;

import io.pycd.watcher.events.WatchEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inotify watches of one watcher, counted against a limit ({@code -1}: the kernel's; tests set a lower one to
 * see exhaustion), and the folders that could not be watched, each reported (the first with how to raise the limit).
 */
final class WatchLimit {

    private final int max;
    private final Duration pollInterval;
    private final Events events;
    private final AtomicInteger watches = new AtomicInteger();
    private final AtomicBoolean told = new AtomicBoolean();

    WatchLimit(int max, Duration pollInterval, Events events) {
        this.max = max;
        this.pollInterval = pollInterval;
        this.events = events;
    }

    boolean mayWatchAnother() {
        return max < 0 || watches.get() < max;
    }

    void added() {
        watches.incrementAndGet();
    }

    void removed() {
        watches.decrementAndGet();
    }

    /** {@code dir} could not be watched and is polled instead. */
    void cannotWatch(Path dir, IOException why) {
        events.emit(new WatchEvent.Unwatchable(dir, why.getMessage() == null ? why.toString() : why.getMessage(),
                pollInterval, told.compareAndSet(false, true)));
    }
}
