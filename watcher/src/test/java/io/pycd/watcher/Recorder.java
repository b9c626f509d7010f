package io.pycd.watcher;

import io.pycd.watcher.events.WatchEvent;
import io.pycd.watcher.events.WatchListener;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event, for assertions. */
final class Recorder implements WatchListener {
    private final List<WatchEvent> events = new ArrayList<>();

    @Override
    public synchronized void on(WatchEvent event) {
        events.add(event);
    }

    synchronized List<WatchEvent> all() {
        return List.copyOf(events);
    }

    <T extends WatchEvent> List<T> of(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    synchronized void clear() {
        events.clear();
    }
}
