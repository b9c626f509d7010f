package io.pycd.watcher.daemon;

import io.pycd.watcher.WatchStats;
import io.pycd.watcher.Watcher;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.GroupSettings;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import io.pycd.watcher.daemon.protocol.TreeSettings;
import io.pycd.watcher.events.WatchEvent;
import io.pycd.watcher.events.WatchListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's registry of watched roots: one {@link Watcher} (one worker pool per interpreter) per distinct
 * {@link GroupSettings}, and the roots it remembers across restarts. Adds and unwatches are serialised (an add
 * waits for its roots' reconcile); status reads never wait for them.
 */
final class WatchGroups implements AutoCloseable {

    private final long pid;
    private final WatchListener listener;
    private final Optional<RememberedRoots> remembered;
    private final WatchStats stats = new WatchStats();
    private final Map<GroupSettings, Watcher> groups = new LinkedHashMap<>();
    private final ReentrantLock changes = new ReentrantLock();

    /**
     * @param remembered where roots are remembered, or empty when this daemon remembers nothing
     */
    WatchGroups(long pid, WatchListener listener, Optional<RememberedRoots> remembered) {
        this.pid = pid;
        this.listener = listener;
        this.remembered = remembered;
    }

    Optional<RememberedRoots> remembered() {
        return remembered;
    }

    /** Watches the roots of {@code add} that are not watched yet, in the group of its settings. */
    Reply add(Request.Add add) throws IOException {
        for (Path root : add.roots()) {
            if (!Files.isDirectory(root)) {
                return new Reply.Failure(pid, root + ": " + (Files.exists(root) ? "not a folder (watch takes folders)"
                        : "no such file or folder"));
            }
        }
        changes.lock();
        try {
            List<Path> watched = new ArrayList<>();
            watchers().forEach(w -> watched.addAll(w.roots()));
            List<Path> fresh = new ArrayList<>();
            List<Path> already = new ArrayList<>();
            for (Path root : add.roots()) {
                Path abs = root.toAbsolutePath().normalize();
                (watched.stream().anyMatch(abs::startsWith) || fresh.contains(abs) ? already : fresh).add(abs);
            }
            if (fresh.isEmpty()) {
                return new Reply.Added(pid, List.of(), already, 0);
            }
            GroupSettings s = add.settings();
            Watcher w;
            synchronized (groups) {
                w = groups.computeIfAbsent(s, k -> new Watcher(k.compile(), k.rules(), k.maxDepth(), k.watch(),
                        listener, stats));
            }
            WatchEvent.Ready ready;
            try {
                ready = w.add(fresh);
            } finally {
                dropIfEmpty(s, w);
            }
            if (add.remember() && remembered.isPresent()) {
                remembered.get().remember(Codec.store(s, fresh));
            }
            return new Reply.Added(pid, ready.roots().stream().map(r -> root(w, r)).toList(), already,
                    ready.seconds());
        } finally {
            changes.unlock();
        }
    }

    /** Stops watching {@code roots} and forgets them. */
    Reply.Unwatched unwatch(List<Path> roots) throws IOException {
        changes.lock();
        try {
            List<Path> unwatched = new ArrayList<>();
            List<Path> notWatched = new ArrayList<>();
            List<Path> forgotten = remembered.isPresent() ? remembered.get().forget(roots) : List.of();
            for (Path root : roots) {
                boolean removed = false;
                List<Map.Entry<GroupSettings, Watcher>> all;
                synchronized (groups) {
                    all = List.copyOf(groups.entrySet());
                }
                for (Map.Entry<GroupSettings, Watcher> g : all) {
                    if (g.getValue().remove(root)) {
                        removed = true;
                        dropIfEmpty(g.getKey(), g.getValue());
                    }
                }
                (removed || forgotten.contains(root) ? unwatched : notWatched).add(root);
            }
            return new Reply.Unwatched(pid, unwatched, notWatched);
        } finally {
            changes.unlock();
        }
    }

    /** A group left without roots stops its workers. */
    private void dropIfEmpty(GroupSettings s, Watcher w) {
        boolean dropped;
        synchronized (groups) {
            dropped = w.roots().isEmpty() && groups.remove(s, w);
        }
        if (dropped) {
            w.close();
        }
    }

    /** Every root watched, in the order added. */
    List<Reply.Root> roots() {
        List<Reply.Root> out = new ArrayList<>();
        for (Watcher w : watchers()) {
            for (Path root : w.roots()) {
                out.add(root(w, root));
            }
        }
        return out;
    }

    /**
     * The watcher of a group whose sources are what a walk with {@code settings} finds
     * ({@link TreeSettings#sameTreeAs}), watching {@code folder} (a root, or inside one).
     */
    Optional<Watcher> watching(TreeSettings settings, Path folder) {
        synchronized (groups) {
            for (Map.Entry<GroupSettings, Watcher> g : groups.entrySet()) {
                if (settings.sameTreeAs(g.getKey()) && g.getValue().roots().stream().anyMatch(folder::startsWith)) {
                    return Optional.of(g.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** How many groups (watchers, worker pools) run. */
    int groupCount() {
        synchronized (groups) {
            return groups.size();
        }
    }

    WatchStats.Snapshot stats() {
        return stats.snapshot();
    }

    private static Reply.Root root(Watcher w, Path root) {
        return w.counts(root).map(c -> new Reply.Root(root, c.files(), c.folders(), c.polledFolders(), c.ready()))
                .orElse(new Reply.Root(root, 0, 0, 0, false)); // unwatched meanwhile
    }

    private List<Watcher> watchers() {
        synchronized (groups) {
            return List.copyOf(groups.values());
        }
    }

    /** Stops every watcher once its writes in flight are done. */
    @Override
    public void close() {
        List<Watcher> all;
        synchronized (groups) {
            all = List.copyOf(groups.values());
            groups.clear();
        }
        all.forEach(Watcher::close);
    }
}
