package io.pycd.watcher;

import io.pycd.watcher.events.WatchEvent;
import io.pycd.watcher.events.WatchListener;
import java.nio.file.Path;
import java.util.List;

/** Where every part of a watcher reports: its listener gets the events, its stats count them. */
final class Events {

    private final WatchListener listener;
    private final WatchStats stats;

    Events(WatchListener listener, WatchStats stats) {
        this.listener = listener;
        this.stats = stats;
    }

    WatchListener listener() {
        return listener;
    }

    WatchStats stats() {
        return stats;
    }

    void emit(WatchEvent event) {
        if (event instanceof WatchEvent.Error e) {
            stats.error(e.failure().describe());
        } else if (event instanceof WatchEvent.NotRemoved n) {
            stats.error(n.path() + ": " + n.why());
        } else if (event instanceof WatchEvent.InternalError i) {
            stats.error("internal error " + i.message());
        } else if (event instanceof WatchEvent.Removed) {
            stats.removed();
        } else if (event instanceof WatchEvent.Rescan) {
            stats.rescan();
        }
        listener.on(event);
    }

    /** Reports removals tried: each cache removed, and each that could not be; true when one was removed. */
    boolean removals(List<CacheRemover.Outcome> tried, String reason) {
        boolean any = false;
        for (CacheRemover.Outcome o : tried) {
            if (o instanceof CacheRemover.Done d) {
                emit(new WatchEvent.Removed(d.path(), reason));
                any = true;
            } else if (o instanceof CacheRemover.Failed f) {
                emit(new WatchEvent.NotRemoved(f.path(), f.why()));
            }
        }
        return any;
    }

    /** After caches of sources in {@code folder} were removed: that folder too, and its parents, when left empty. */
    void removeEmptied(Path folder, Path root) {
        for (Path removed : EmptyFolders.removeAfterCaches(folder, root)) {
            emit(new WatchEvent.FolderRemoved(removed));
        }
    }
}
