package io.pycd.watcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The changes waiting to settle. Marking a path is O(1) and never blocks (the event loops call it): a map of path to
 * when it was first and last seen, so a storm of events on one file is one entry and the map is bounded by the
 * number of distinct paths; a delay queue says when each is due for a look. A path settles once it has been quiet
 * for the settle time.
 */
final class Debouncer {

    /** A path waiting to settle. */
    private static final class Dirty {
        final RootWatch root;
        final long firstSeen;
        volatile long lastSeen;

        Dirty(RootWatch root, long firstSeen, long now) {
            this.root = root;
            this.firstSeen = firstSeen;
            this.lastSeen = now;
        }
    }

    /** When a path is due for a look. */
    private record Due(Path path, long at) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(at, ((Due) o).at);
        }
    }

    /** A path that has settled, still marked until {@link #take}n. */
    static final class Settled {
        private final Path path;
        private final Dirty entry;

        private Settled(Path path, Dirty entry) {
            this.path = path;
            this.entry = entry;
        }

        Path path() {
            return path;
        }

        RootWatch root() {
            return entry.root;
        }

        /** When the change was first seen (System.nanoTime). */
        long firstSeen() {
            return entry.firstSeen;
        }
    }

    private final ConcurrentHashMap<Path, Dirty> dirty = new ConcurrentHashMap<>();
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final long settleNanos;
    private final int maxDirty;

    Debouncer(long settleNanos, int maxDirty) {
        this.settleNanos = settleNanos;
        this.maxDirty = maxDirty;
    }

    /** Marks {@code path} changed now; false when too many changes wait already (the caller rescans instead). */
    boolean touch(RootWatch root, Path path) {
        if (dirty.size() >= maxDirty) {
            return false;
        }
        long now = System.nanoTime();
        boolean[] fresh = {false};
        dirty.compute(path, (p, old) -> {
            if (old == null) {
                fresh[0] = true;
                return new Dirty(root, now, now);
            }
            old.lastSeen = now;
            return old;
        });
        if (fresh[0]) {
            due.add(new Due(path, now + settleNanos));
        }
        return true;
    }

    /** Marks {@code path} as changed since {@code firstSeen}, unless it is marked already; it is looked at when due. */
    void markIfAbsent(RootWatch root, Path path, long firstSeen) {
        long now = System.nanoTime();
        if (dirty.putIfAbsent(path, new Dirty(root, firstSeen, now)) == null) {
            due.add(new Due(path, now + settleNanos));
        }
    }

    /**
     * Waits up to {@code timeoutMs} for a path to come due, then returns every path due now that has settled (still
     * marked). A path seen again meanwhile comes due later.
     */
    List<Settled> settled(long timeoutMs) throws InterruptedException {
        Due first = due.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Due> batch = new ArrayList<>();
        batch.add(first);
        due.drainTo(batch);
        long now = System.nanoTime();
        List<Settled> out = new ArrayList<>(batch.size());
        for (Due d : batch) {
            Dirty e = dirty.get(d.path());
            if (e == null) {
                continue;
            }
            long settledAt = e.lastSeen + settleNanos;
            if (settledAt - now > 0) {
                due.add(new Due(d.path(), settledAt));
            } else {
                out.add(new Settled(d.path(), e));
            }
        }
        return out;
    }

    /** Unmarks a settled path; false when it was unmarked meanwhile (a rescan took it). */
    boolean take(Settled s) {
        return dirty.remove(s.path, s.entry);
    }

    /** Looks at {@code path} again now if it is marked (it changed while it was being compiled). */
    void recheck(Path path) {
        if (dirty.containsKey(path)) {
            due.add(new Due(path, System.nanoTime()));
        }
    }

    /** Unmarks and returns the marked paths under {@code root} that {@code take} accepts: path to when first seen. */
    Map<Path, Long> drain(RootWatch root, Predicate<Path> take) {
        Map<Path, Long> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<Path, Dirty>> it = dirty.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Dirty> e = it.next();
            if (e.getValue().root == root && take.test(e.getKey())) {
                out.put(e.getKey(), e.getValue().firstSeen);
                it.remove();
            }
        }
        return out;
    }

    /** True while a change under {@code root} waits to settle. */
    boolean holds(RootWatch root) {
        for (Dirty d : dirty.values()) {
            if (d.root == root) {
                return true;
            }
        }
        return false;
    }

    /** True while a change of {@code path} waits to settle. */
    boolean contains(Path path) {
        return dirty.containsKey(path);
    }

    boolean isEmpty() {
        return dirty.isEmpty();
    }

    int maxDirty() {
        return maxDirty;
    }
}
