package io.pycd.watcher;

import io.pycd.cache.CacheNames;
import io.pycd.cache.Freshness;
import io.pycd.compile.CacheCompiler;
import io.pycd.compile.CompileReport;
import io.pycd.fs.IoErrors;
import io.pycd.cache.PycHeader;
import io.pycd.settings.CompileSettings;
import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the caches of every source under its roots right while files change: reconciles each root, then watches it.
 * The coordinator of the parts: each root's event loop ({@link RootWatch}) marks changed paths in the
 * {@link Debouncer}; one dispatcher thread takes each path once it has settled, holds it while git works
 * ({@link GitHold}), or stats it and either compiles it with the one {@link CacheCompiler} (every change seen is
 * compiled, even when the header would look fresh) or removes the caches of a source that is gone. Compiles of one
 * path never overlap: a change seen while its compile runs waits for it. Lost events and {@code .gitignore} changes
 * rescan the root ({@link TreeReconciler}); folders that cannot be watched are polled ({@link PolledFolders}).
 */
public final class Watcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
    private static final long HOLD_POLL_MS = 50;

    private final CompileSettings settings;
    private final TreeRules rules;
    private final int maxDepth;
    private final WatchSettings options;
    private final Events events;
    private final CacheCompiler compiler;
    private final CacheRemover remover;
    private final Compiles compiles;
    private final TreeReconciler reconciler;
    private final Debouncer debouncer;
    final WatchLimit limit;
    private final Settling settling;

    private final Map<Path, RootWatch> roots = new ConcurrentHashMap<>();
    private final List<Path> rootOrder = new ArrayList<>();
    private final ConcurrentHashMap<RootWatch, Rescan> rescans = new ConcurrentHashMap<>();
    private final ExecutorService watchThreads;
    private final ScheduledExecutorService poller;
    private final Thread dispatcher;
    private volatile boolean closed;

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
        this.settings = settings;
        this.rules = rules;
        this.maxDepth = maxDepth;
        this.options = options;
        this.events = new Events(listener, stats);
        this.compiler = new CacheCompiler(settings);
        this.remover = new CacheRemover(settings);
        this.debouncer = new Debouncer(options.settle().toNanos(), options.maxDirty());
        this.compiles = new Compiles(settings, compiler, remover, events, path -> {
            debouncer.recheck(path);
            settling().wake();
        });
        this.settling = new Settling(debouncer, compiles, rescans);
        this.limit = new WatchLimit(options.maxWatches(), options.pollInterval(), events);
        this.reconciler = new TreeReconciler(remover, new StaleCheck(settings, compiler.freshness()), events);
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
            long walked = System.nanoTime();
            List<TreeReconciler.ToCompile> toCompile = reconciler.reconcile(rw, Map.of(), compiles::inFlightIn);
            planned += toCompile.size();
            events.listener().planned(planned);
            work.add(submitAll(rw, toCompile, walked, events.listener()::step));
            rw.started = true;
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        added.forEach(rw -> rw.ready = true);
        int files = added.stream().mapToInt(r -> r.sources.size()).sum();
        int folders = added.stream().mapToInt(r -> r.registered.size()).sum();
        WatchEvent.Ready ready = new WatchEvent.Ready(added.stream().map(r -> r.root).toList(), files, folders,
                (System.nanoTime() - start) / 1e9);
        events.emit(ready);
        return ready;
    }

    /**
     * Stops watching the root {@code root} (as given to {@link #add}); its compiles in flight still finish. False
     * when it is not a root of this watcher.
     */
    public boolean remove(Path root) {
        Path key = root.toAbsolutePath().normalize();
        RootWatch rw;
        synchronized (rootOrder) {
            rw = roots.remove(key);
            if (rw == null) {
                return false;
            }
            rootOrder.remove(key);
        }
        rw.stopWatching();
        rescans.remove(rw);
        debouncer.drain(rw, p -> true);
        return true;
    }

    /** The roots watched, in the order they were added. */
    public List<Path> roots() {
        synchronized (rootOrder) {
            return List.copyOf(rootOrder);
        }
    }

    /** The counts of {@code root}, a root of this watcher. */
    public Optional<RootCounts> counts(Path root) {
        return Optional.ofNullable(roots.get(root)).map(rw -> new RootCounts(rw.root, rw.sources.size(),
                rw.registered.size(), rw.polled.size(), rw.ready));
    }

    public WatchStats.Snapshot stats() {
        return events.stats().snapshot();
    }

    /** True while changes under some root are held because git holds its index lock there. */
    public boolean holding() {
        return roots.values().stream().anyMatch(r -> r.hold.holding());
    }

    /** True while a change of {@code path} has been seen and waits to settle (tests). */
    boolean settling(Path path) {
        return debouncer.contains(path);
    }

    /** True when nothing is waiting, held, being rescanned or compiled. */
    public boolean idle() {
        return debouncer.isEmpty() && compiles.idle() && rescans.isEmpty() && !holding();
    }

    // ---- for questions a walk would otherwise answer (TreeAnswers) ----

    /** The root of this watcher that {@code path} is, or lies in. */
    Optional<RootWatch> rootOf(Path path) {
        return roots.values().stream().filter(rw -> path.startsWith(rw.root)).findFirst();
    }

    Compiles compiles() {
        return compiles;
    }

    /** The freshness rule a walk's compile and status judge caches by: the compiler's, held against its record. */
    Freshness freshness() {
        return compiler.freshness();
    }

    /** Whether the compiler looks in the bytecode store, and why not if it cannot. */
    CompileReport.StoreUse storeUse() {
        return compiler.storeUse();
    }

    Settling settling() {
        return settling;
    }

    // ---- called by the roots' event loops: O(1), never blocking ----

    void touch(RootWatch rw, Path path) {
        if (!closed && !debouncer.touch(rw, path)) {
            requestRescan(rw, "more than " + debouncer.maxDirty() + " changes waiting", false);
        }
    }

    void requestRescan(RootWatch rw, String why, boolean restart) {
        if (!closed) {
            rescans.merge(rw, new Rescan(why, restart), (a, b) -> new Rescan(a.why(), a.restart() || b.restart()));
        }
    }

    // ---- the dispatcher ----

    private void dispatchLoop() {
        while (!closed) {
            try {
                boolean busy = !rescans.isEmpty() || holding();
                List<Debouncer.Settled> settled = debouncer.settled(busy ? HOLD_POLL_MS : 500);
                settling.enter();
                try {
                    dispatch(settled);
                    releaseHolds();
                    runRescans();
                } finally {
                    settling.leave();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("dispatch failed", e);
                events.emit(new WatchEvent.InternalError("dispatching changes", e));
            }
        }
    }

    private void dispatch(List<Debouncer.Settled> settled) {
        Map<RootWatch, Boolean> gitBusy = new HashMap<>();
        for (Debouncer.Settled s : settled) {
            RootWatch rw = s.root();
            if (rw.hold.holding() || gitBusy.computeIfAbsent(rw, r -> r.hold.gitBusy())) {
                if (debouncer.take(s) && rw.hold.hold(s.path(), s.firstSeen())) {
                    LOG.info("holding changes under {} while git holds its index lock", rw.root);
                }
            } else if (!compiles.inFlight(s.path()) && debouncer.take(s)) {
                act(rw, s.path(), s.firstSeen()); // one in flight: looked at again when that compile completes
            }
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
            events.emit(new WatchEvent.Unreadable(path, IoErrors.describe(e)));
            return;
        }
        Path folder = path.getParent();
        if (a == null) {
            boolean known = rw.sources.remove(path);
            compiles.forget(path);
            boolean removed = events.removals(remover.removeAllOf(path), "source deleted");
            if (removed && !compiles.inFlightIn(folder)) {
                events.removeEmptied(folder, rw.root);
            } else if (known || !compiles.inFlightIn(folder)) {
                CacheRemover.removeIfEmpty(folder.resolve(CacheNames.PYCACHE));
            }
        } else if (a.isRegularFile()) {
            if (!rw.filter.watchesFolderAndParents(folder)) {
                return; // its folder became a virtualenv, or is ignored now
            }
            rw.sources.add(path);
            compiles.submit(new SourceFile(path, rw.root, TreeRules.relative(rw.root, path), a.size(),
                    PycHeader.mtimeOf(a.lastModifiedTime())), firstSeen, true, null);
        }
    }

    // ---- holds, rescans, reconciles ----

    private void releaseHolds() {
        for (RootWatch rw : roots.values()) {
            rw.hold.release().ifPresent(held -> {
                rescans.remove(rw);
                events.emit(new WatchEvent.Rescan(rw.root, "git released its index lock (" + held.size()
                        + " changes held)"));
                reconcileWith(rw, held);
            });
        }
    }

    private void runRescans() {
        for (Iterator<Map.Entry<RootWatch, Rescan>> it = rescans.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RootWatch, Rescan> e = it.next();
            RootWatch rw = e.getKey();
            if (rw.hold.holding()) {
                continue; // the reconcile after the hold covers it
            }
            it.remove();
            events.emit(new WatchEvent.Rescan(rw.root, e.getValue().why()));
            if (e.getValue().restart()) {
                rw.filter.git().ifPresent(GitIgnoredFolders::reload);
                rw.stopWatching();
                rw.startWatching(watchThreads);
            }
            reconcileWith(rw, Map.of());
        }
    }

    /**
     * Reconciles a root after a hold or a rescan with the changes {@code held} and those still settling: the walk
     * covers them all, so each is compiled (and its error reported) once, not again when it settles.
     */
    private void reconcileWith(RootWatch rw, Map<Path, Long> held) {
        Map<Path, Long> changed = new HashMap<>(held);
        debouncer.drain(rw, p -> !compiles.inFlight(p)).forEach(changed::putIfAbsent);
        long start = System.nanoTime();
        submitAll(rw, reconciler.reconcile(rw, changed, compiles::inFlightIn), start, null);
    }

    /** Submits a reconcile's compiles; a source in flight is compiled again after it (it may have changed since). */
    private CompletableFuture<Void> submitAll(RootWatch rw, List<TreeReconciler.ToCompile> toCompile, long start,
                                              Runnable onEach) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (TreeReconciler.ToCompile c : toCompile) {
            long seen = c.changedAt() == null ? start : c.changedAt();
            if (compiles.inFlight(c.source().path())) {
                debouncer.markIfAbsent(rw, c.source().path(), seen);
            } else {
                done.add(compiles.submit(c.source(), seen, c.changedAt() != null, onEach));
            }
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    // ---- polling what cannot be watched ----

    private void pollUnwatched() {
        try {
            for (RootWatch rw : roots.values()) {
                // A removed root is polled (its watch cannot start) until a folder is there again: then watched anew.
                rw.replaced().ifPresent(why -> requestRescan(rw, why, true));
                rw.polled.poll(new SourceWalker(rw.filter), rw.root, p -> touch(rw, p));
            }
        } catch (RuntimeException e) {
            LOG.debug("polling failed", e);
            events.emit(new WatchEvent.InternalError("polling folders that cannot be watched", e));
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
        compiles.awaitIdle(10, TimeUnit.SECONDS);
        compiler.close();
        watchThreads.shutdownNow();
    }
}
