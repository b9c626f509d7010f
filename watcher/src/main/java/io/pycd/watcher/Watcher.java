package io.pycd.watcher;

import io.pycd.cache.Freshness;
import io.pycd.cache.PycHeader;
import io.pycd.compile.CacheCompiler;
import io.pycd.compile.CompileError;
import io.pycd.compile.CompileResult;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.status.SourceStatus;
import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceTree;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import io.pycd.tree.WalkProblem;
import io.pycd.watcher.events.WatchEvent;
import io.pycd.watcher.events.WatchListener;
import io.pycd.watcher.filter.GitIgnoredFolders;
import io.pycd.watcher.filter.TreeFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the caches of every source under its roots right while files change: reconciles each root, then watches it.
 *
 * <p>Flow: directory-watcher's event loop (one thread per root) marks paths dirty in O(1): a map of path to when it
 * was first and last seen, so a storm of events on one file is one entry, and the queue is bounded by the number of
 * distinct paths. One dispatcher thread takes each path once it has been quiet for the settle time, stats it, and
 * either submits a compile to the one {@link CacheCompiler} (every change seen is compiled, even when the header
 * would look fresh) or removes the caches of a source that is gone. Compiles of one path never overlap: a change
 * seen while its compile runs waits for it. Lost events (overflow, any watcher exception) and {@code .gitignore}
 * changes rescan the root; while {@code .git/index.lock} exists, changes are held and the root is reconciled once
 * git is done. Folders that cannot be watched (inotify limits) are polled.
 */
public final class Watcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
    private static final long HOLD_POLL_MS = 50;

    private final CompileSettings settings;
    private final TreeRules rules;
    private final int maxDepth;
    private final WatchSettings options;
    private final WatchListener listener;
    private final CacheCompiler compiler;
    private final CacheRemover remover;
    private final WatchStats stats;
    private final long settleNanos;

    private final Map<Path, RootWatch> roots = new ConcurrentHashMap<>();
    private final List<Path> rootOrder = new ArrayList<>();
    private final ConcurrentHashMap<Path, Dirty> dirty = new ConcurrentHashMap<>();
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final ConcurrentHashMap<Path, Boolean> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RootWatch, Rescan> rescans = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Object pendingMonitor = new Object();
    private final AtomicInteger watches = new AtomicInteger();
    private final AtomicBoolean warnedLimit = new AtomicBoolean();
    private final ExecutorService watchThreads;
    private final ScheduledExecutorService poller;
    private final Thread dispatcher;
    private final long startedNanos = System.nanoTime();
    private volatile boolean closed;

    /** A path waiting to settle. */
    private static final class Dirty {
        final RootWatch root;
        final long firstSeen;
        volatile long lastSeen;

        Dirty(RootWatch root, long now) {
            this.root = root;
            this.firstSeen = now;
            this.lastSeen = now;
        }
    }

    /** When a dirty path is due for a look. */
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

    private record Rescan(String why, boolean restart) {
    }

    /**
     * @param rules    excludes, as {@code pycd compile} uses them
     * @param maxDepth folder levels below each root (-1: all)
     */
    public Watcher(CompileSettings settings, TreeRules rules, int maxDepth, WatchSettings options,
                   WatchListener listener) {
        this(settings, rules, maxDepth, options, listener, new WatchStats());
    }

    /** As above, counting into {@code stats} (a daemon shares one between its watchers). */
    public Watcher(CompileSettings settings, TreeRules rules, int maxDepth, WatchSettings options,
                   WatchListener listener, WatchStats stats) {
        this.stats = stats;
        this.settings = settings;
        this.rules = rules;
        this.maxDepth = maxDepth;
        this.options = options;
        this.listener = listener;
        this.compiler = new CacheCompiler(settings);
        this.remover = new CacheRemover(settings);
        this.settleNanos = options.settle().toNanos();
        this.watchThreads = Executors.newCachedThreadPool(r -> daemon(r, "pycd-watch"));
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "pycd-poll"));
        long poll = options.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollUnwatched, poll, poll, TimeUnit.MILLISECONDS);
        this.dispatcher = daemon(this::dispatchLoop, "pycd-dispatch");
        dispatcher.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public CompileSettings settings() {
        return settings;
    }

    public WatchSettings options() {
        return options;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Reconciles and then watches {@code paths} (folders; those already watched, or inside a watched root, are
     * skipped); returns and reports the {@code ready} event once every new root is reconciled and watched.
     */
    public WatchEvent.Ready add(List<Path> paths) throws IOException {
        long start = System.nanoTime();
        List<RootWatch> added = new ArrayList<>();
        for (Path p : paths) {
            Path root = p.toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new NoSuchFileException(p.toString(), null, "not a folder (watch takes folders)");
            }
            synchronized (rootOrder) {
                if (rootOrder.stream().anyMatch(root::startsWith)) {
                    continue;
                }
                Optional<GitIgnoredFolders> git = options.respectGitignore()
                        ? GitIgnoredFolders.forRoot(root, options.git()) : Optional.empty();
                RootWatch rw = new RootWatch(this, root, new TreeFilter(root, rules, maxDepth, git), options.git());
                roots.put(root, rw);
                rootOrder.add(root);
                added.add(rw);
            }
        }
        List<CompletableFuture<Void>> work = new ArrayList<>();
        int planned = 0;
        for (RootWatch rw : added) {
            rw.startWatching(watchThreads);
            Reconciled r = reconcile(rw, Map.of(), true);
            planned += r.jobs();
            listener.planned(planned);
            work.add(r.done());
            rw.started = true;
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        int files = added.stream().mapToInt(r -> r.sources.size()).sum();
        int folders = added.stream().mapToInt(r -> r.registered.size()).sum();
        WatchEvent.Ready ready = new WatchEvent.Ready(added.stream().map(r -> r.root).toList(), files, folders,
                (System.nanoTime() - start) / 1e9);
        listener.on(ready);
        return ready;
    }

    /** The roots watched, in the order they were added. */
    public List<Path> roots() {
        synchronized (rootOrder) {
            return List.copyOf(rootOrder);
        }
    }

    /** Sources known under a root. */
    public int files(Path root) {
        RootWatch rw = roots.get(root);
        return rw == null ? 0 : rw.sources.size();
    }

    /** Folders with an inotify watch under a root. */
    public int folders(Path root) {
        RootWatch rw = roots.get(root);
        return rw == null ? 0 : rw.registered.size();
    }

    /** Folders polled under a root because they could not be watched. */
    public int polledFolders(Path root) {
        RootWatch rw = roots.get(root);
        return rw == null ? 0 : rw.unwatched.size();
    }

    public WatchStats.Snapshot stats() {
        return stats.snapshot();
    }

    public double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** True while changes under some root are held because git holds its index lock there. */
    public boolean holding() {
        return roots.values().stream().anyMatch(r -> r.holding);
    }

    /** True when nothing is waiting, held, being rescanned or compiled. */
    public boolean idle() {
        return dirty.isEmpty() && pending.get() == 0 && rescans.isEmpty()
                && roots.values().stream().noneMatch(r -> r.holding);
    }

    // ---- called by the roots' event loops: O(1), never blocking ----

    void touch(RootWatch rw, Path path) {
        if (closed) {
            return;
        }
        if (dirty.size() >= options.maxDirty()) {
            requestRescan(rw, "more than " + options.maxDirty() + " changes waiting", false);
            return;
        }
        long now = System.nanoTime();
        boolean[] fresh = {false};
        dirty.compute(path, (p, old) -> {
            if (old == null) {
                fresh[0] = true;
                return new Dirty(rw, now);
            }
            old.lastSeen = now;
            return old;
        });
        if (fresh[0]) {
            due.add(new Due(path, now + settleNanos));
        }
    }

    void requestRescan(RootWatch rw, String why, boolean restart) {
        if (!closed) {
            rescans.merge(rw, new Rescan(why, restart), (a, b) -> new Rescan(a.why(), a.restart() || b.restart()));
        }
    }

    boolean mayWatchAnother() {
        return options.maxWatches() < 0 || watches.get() < options.maxWatches();
    }

    void watchAdded() {
        watches.incrementAndGet();
    }

    void watchRemoved() {
        watches.decrementAndGet();
    }

    void watchLimitReached(RootWatch rw, Path dir, IOException why) {
        LOG.warn("cannot watch {}: {}; polling it every {} ms", dir, why.getMessage(),
                options.pollInterval().toMillis());
        if (warnedLimit.compareAndSet(false, true)) {
            listener.on(new WatchEvent.Warning("cannot watch " + dir + " (" + why.getMessage() + "); folders that "
                    + "cannot be watched are polled every " + options.pollInterval().toMillis() + " ms instead. "
                    + "Raise the limit: sudo sysctl fs.inotify.max_user_watches=524288 (and put "
                    + "fs.inotify.max_user_watches=524288 in /etc/sysctl.d/90-inotify.conf to keep it)"));
        }
    }

    // ---- the dispatcher ----

    private void dispatchLoop() {
        List<Due> batch = new ArrayList<>();
        while (!closed) {
            try {
                boolean busy = !rescans.isEmpty() || roots.values().stream().anyMatch(r -> r.holding);
                Due first = due.poll(busy ? HOLD_POLL_MS : 500, TimeUnit.MILLISECONDS);
                batch.clear();
                if (first != null) {
                    batch.add(first);
                    due.drainTo(batch);
                }
                dispatch(batch);
                releaseHolds();
                runRescans();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("dispatch failed", e);
            }
        }
    }

    private void dispatch(List<Due> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Map<RootWatch, Boolean> busy = new HashMap<>();
        for (Due d : batch) {
            Dirty e = dirty.get(d.path());
            if (e == null) {
                continue;
            }
            long settled = e.lastSeen + settleNanos;
            if (settled - now > 0) {
                due.add(new Due(d.path(), settled));
                continue;
            }
            RootWatch rw = e.root;
            if (rw.holding || busy.computeIfAbsent(rw, RootWatch::gitBusy)) {
                if (!rw.holding) {
                    rw.holding = true;
                    LOG.info("holding changes under {} while git holds its index lock", rw.root);
                }
                dirty.remove(d.path(), e);
                rw.held.putIfAbsent(d.path(), e.firstSeen);
                continue;
            }
            if (inFlight.containsKey(d.path())) {
                continue; // looked at again when that compile completes
            }
            dirty.remove(d.path(), e);
            act(rw, d.path(), e.firstSeen);
        }
    }

    /** Acts on what a stat finds: compile a source, or remove the caches of one that is gone. */
    private void act(RootWatch rw, Path path, long firstSeen) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            a = null;
        } catch (IOException e) {
            LOG.warn("cannot stat {}: {}", path, e.toString());
            return;
        }
        if (a == null) {
            boolean known = rw.sources.remove(path);
            for (Path cache : remover.removeAllOf(path)) {
                stats.removed();
                listener.on(new WatchEvent.Removed(cache, "source deleted"));
            }
            if (known || !inFlightIn(path.getParent())) {
                pruneEmptyPycache(path);
            }
        } else if (a.isRegularFile()) {
            if (!rw.filter.watchesFolderAndParents(path.getParent())) {
                return; // its folder became a virtualenv, or is ignored now
            }
            rw.sources.add(path);
            submit(rw, new SourceFile(path, rw.root, TreeRules.relative(rw.root, path), a.size(),
                    PycHeader.mtimeOf(a.lastModifiedTime())), firstSeen, true, null);
        }
    }

    private boolean inFlightIn(Path folder) {
        for (Path p : inFlight.keySet()) {
            if (folder != null && folder.equals(p.getParent())) {
                return true;
            }
        }
        return false;
    }

    private void pruneEmptyPycache(Path source) {
        Path folder = source.getParent();
        if (folder != null && !inFlightIn(folder)) {
            CacheRemover.removeIfEmpty(folder.resolve(io.pycd.cache.CacheNames.PYCACHE));
        }
    }

    /** Compiles one source for every interpreter; the path is in flight until every compile completed. */
    private CompletableFuture<Void> submit(RootWatch rw, SourceFile source, long firstSeen, boolean afterChange,
                                           Runnable onDone) {
        Path path = source.path();
        inFlight.put(path, Boolean.TRUE);
        pending.incrementAndGet();
        List<CompletableFuture<Void>> handled = new ArrayList<>();
        try {
            for (Interpreter i : settings.interpreters()) {
                handled.add(compiler.compile(source, i).thenAccept(r -> onResult(r, firstSeen, afterChange)));
            }
        } catch (IllegalStateException e) {
            handled.add(CompletableFuture.completedFuture(null)); // shutting down
        }
        return CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            if (t != null) {
                LOG.error("compiling {} failed", path, t);
            }
            inFlight.remove(path);
            if (dirty.containsKey(path)) {
                due.add(new Due(path, System.nanoTime()));
            }
            if (onDone != null) {
                onDone.run();
            }
            if (pending.decrementAndGet() == 0) {
                synchronized (pendingMonitor) {
                    pendingMonitor.notifyAll();
                }
            }
        });
    }

    private void onResult(CompileResult r, long firstSeen, boolean afterChange) {
        double ms = (System.nanoTime() - firstSeen) / 1e6;
        if (r instanceof CompileResult.Written w) {
            for (Path cache : w.caches()) {
                stats.compiled(ms, afterChange);
                listener.on(new WatchEvent.Compiled(w.source(), cache, w.interpreter(), ms));
            }
            for (String warning : w.describeWarnings()) {
                listener.on(new WatchEvent.Warning(warning));
            }
        } else if (r instanceof CompileResult.Failed f) {
            if (f.error() == CompileError.Own.READ_ERROR && !Files.exists(f.source())) {
                return; // deleted meanwhile: its delete event removes the caches
            }
            stats.error(f.describe());
            listener.on(new WatchEvent.Error(f));
            for (Path cache : remover.removeOf(f.source(), f.interpreter())) {
                stats.removed();
                listener.on(new WatchEvent.Removed(cache, "no longer matches its source (" + f.error().label() + ")"));
            }
        }
    }

    // ---- holds, rescans, reconciles ----

    private void releaseHolds() {
        for (RootWatch rw : roots.values()) {
            if (rw.holding && !rw.gitBusy()) {
                rw.holding = false;
                Map<Path, Long> forced = new HashMap<>(rw.held);
                rw.held.keySet().removeAll(forced.keySet());
                rescans.remove(rw);
                stats.rescan();
                listener.on(new WatchEvent.Rescan(rw.root, "git released its index lock ("
                        + forced.size() + " changes held)"));
                reconcile(rw, forced, false);
            }
        }
    }

    private void runRescans() {
        for (Iterator<Map.Entry<RootWatch, Rescan>> it = rescans.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RootWatch, Rescan> e = it.next();
            RootWatch rw = e.getKey();
            if (rw.holding) {
                continue; // the reconcile after the hold covers it
            }
            it.remove();
            stats.rescan();
            listener.on(new WatchEvent.Rescan(rw.root, e.getValue().why()));
            if (e.getValue().restart()) {
                rw.filter.git().ifPresent(GitIgnoredFolders::reload);
                rw.stopWatching();
                rw.startWatching(watchThreads);
            }
            Map<Path, Long> forced = new HashMap<>();
            for (Iterator<Map.Entry<Path, Dirty>> d = dirty.entrySet().iterator(); d.hasNext(); ) {
                Map.Entry<Path, Dirty> x = d.next();
                if (x.getValue().root == rw && !inFlight.containsKey(x.getKey())) {
                    forced.put(x.getKey(), x.getValue().firstSeen);
                    d.remove();
                }
            }
            reconcile(rw, forced, false);
        }
    }

    private record Reconciled(int jobs, CompletableFuture<Void> done) {
    }

    /**
     * Walks a root: removes the caches of sources that are gone, compiles every stale or missing cache and every path
     * in {@code forced} (changes seen; value: when first seen).
     */
    private Reconciled reconcile(RootWatch rw, Map<Path, Long> forced, boolean startUp) {
        long start = System.nanoTime();
        SourceTree scan = new SourceWalker(rw.filter).walkBelow(rw.root, rw.root, source -> { });
        for (WalkProblem problem : scan.problems()) {
            if (problem.error()) {
                listener.on(new WatchEvent.Warning("cannot read " + problem.path() + ": " + problem.reason()));
            }
        }
        Set<Path> now = new HashSet<>();
        for (SourceFile f : scan.sources()) {
            now.add(f.path());
        }
        rw.sources.retainAll(now);
        rw.sources.addAll(now);
        if (!rw.unwatched.isEmpty()) {
            // This walk is the polling baseline of the folders that could not be watched.
            for (SourceFile f : scan.sources()) {
                for (Path dir : rw.unwatched.keySet()) {
                    if (f.path().startsWith(dir)) {
                        rw.polled.put(f.path(), stamp(f));
                        break;
                    }
                }
            }
            rw.unwatched.replaceAll((dir, baseline) -> Boolean.FALSE);
        }
        for (Path dir : scan.cacheDirs()) {
            for (Path cache : remover.removeOrphans(dir)) {
                stats.removed();
                listener.on(new WatchEvent.Removed(cache, "source deleted"));
            }
            if (!inFlightIn(dir.getParent())) {
                CacheRemover.removeIfEmpty(dir);
            }
        }
        for (Path gone : forced.keySet()) {
            if (!now.contains(gone) && !Files.exists(gone)) {
                for (Path cache : remover.removeAllOf(gone)) {
                    stats.removed();
                    listener.on(new WatchEvent.Removed(cache, "source deleted"));
                }
            }
        }
        List<SourceFile> stale = (scan.sources().size() > 256 ? scan.sources().parallelStream()
                : scan.sources().stream()).filter(f -> forced.containsKey(f.path()) || isStale(f)).toList();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (SourceFile f : stale) {
            Path path = f.path();
            Long seen = forced.get(path);
            if (inFlight.containsKey(path)) {
                long first = seen == null ? start : seen;
                dirty.computeIfAbsent(path, p -> new Dirty(rw, first));
                continue;
            }
            done.add(submit(rw, f, seen == null ? start : seen, seen != null,
                    startUp ? listener::step : null));
        }
        return new Reconciled(stale.size(), CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
    }

    /**
     * Stale by its header, or (timestamp mode) older than its source: a cache written before the source's last
     * write can carry the same second and size and still not match (same-second edits).
     */
    private boolean isStale(SourceFile f) {
        Freshness freshness = Freshness.asRequested(settings.mode()).writtenAfterSource();
        Freshness.Source compared = Freshness.Source.of(f.path(), f.size(), f.modified());
        for (Interpreter i : settings.interpreters()) {
            if (!SourceStatus.allFresh(SourceStatus.of(settings, freshness, f.path(), i, compared))) {
                return true;
            }
        }
        return false;
    }

    // ---- polling what cannot be watched ----

    private void pollUnwatched() {
        try {
            for (RootWatch rw : roots.values()) {
                for (Map.Entry<Path, Boolean> u : rw.unwatched.entrySet()) {
                    pollFolder(rw, u.getKey(), u.getValue());
                    u.setValue(Boolean.FALSE);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("polling failed", e);
        }
    }

    private static String stamp(SourceFile f) {
        return f.modified().toInstant().getEpochSecond() + ":" + f.modified().toInstant().getNano() + ":" + f.size()
                + ":" + f.fileKey();
    }

    private void pollFolder(RootWatch rw, Path dir, boolean baselineOnly) {
        SourceTree scan = new SourceWalker(rw.filter).walkBelow(rw.root, dir, source -> { });
        Set<Path> seen = new HashSet<>();
        for (SourceFile f : scan.sources()) {
            Path p = f.path();
            seen.add(p);
            String stamp = stamp(f);
            String old = rw.polled.put(p, stamp);
            if (!baselineOnly && !stamp.equals(old)) {
                touch(rw, p);
            }
        }
        for (Iterator<Path> it = rw.polled.keySet().iterator(); it.hasNext(); ) {
            Path p = it.next();
            if (p.startsWith(dir) && !seen.contains(p)) {
                it.remove();
                touch(rw, p);
            }
        }
    }

    /**
     * Stops watching, lets the compiles in flight finish and write (up to {@code 10 s}), then stops the workers.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RootWatch rw : roots.values()) {
            rw.stopWatching();
        }
        poller.shutdownNow();
        dispatcher.interrupt();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (pendingMonitor) {
            while (pending.get() > 0 && System.nanoTime() < deadline) {
                try {
                    pendingMonitor.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        compiler.close();
        watchThreads.shutdownNow();
    }
}
