package io.pycd.watcher;

import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceTree;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.WalkProblem;
import io.pycd.watcher.events.WatchEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Brings one root in line with its tree in a single walk: the caches of sources that are gone are removed (with the
 * folders they alone kept, as {@link EmptyFolders} says), and the sources whose caches are stale or missing, or that changed, are listed for
 * compiling. Used at start-up, after a rescan, and once git releases its index lock.
 */
final class TreeReconciler {

    /** Above this many sources the stale check (headers read, hashes computed) runs on several threads. */
    private static final int PARALLEL_FROM = 256;

    /**
     * A source to compile.
     *
     * @param changedAt when its change was first seen (System.nanoTime), or null when it is only stale
     */
    record ToCompile(SourceFile source, Long changedAt) {
    }

    private final CacheRemover remover;
    private final StaleCheck staleCheck;
    private final Events events;

    TreeReconciler(CacheRemover remover, StaleCheck staleCheck, Events events) {
        this.remover = remover;
        this.staleCheck = staleCheck;
        this.events = events;
    }

    /**
     * @param changed    paths seen changing (path to when first seen): compiled whatever their headers say, or their
     *                   caches removed when they are gone
     * @param folderBusy whether a compile is in flight in a folder (its {@code __pycache__} is about to be written)
     */
    List<ToCompile> reconcile(RootWatch rw, Map<Path, Long> changed, Predicate<Path> folderBusy) {
        long skips = rw.skipped.generation();
        SourceTree walk = new SourceWalker(rw.filter).walkBelow(rw.root, rw.root, source -> { });
        rw.skipped.record(walk.problems(), walk.virtualenvs(), skips);
        for (WalkProblem problem : walk.problems()) {
            if (problem.error()) {
                events.emit(new WatchEvent.Unreadable(problem.path(), problem.reason()));
            }
        }
        Set<Path> now = new HashSet<>();
        for (SourceFile f : walk.sources()) {
            now.add(f.path());
        }
        rw.sources.retainAll(now);
        rw.sources.addAll(now);
        rw.polled.baseline(walk);
        for (Path pycache : walk.cacheDirs()) {
            Path folder = pycache.getParent();
            boolean removed = events.removals(remover.removeOrphans(pycache), "source deleted");
            if (!folderBusy.test(folder)) {
                if (removed) {
                    events.removeEmptied(folder, rw.root);
                } else {
                    CacheRemover.removeIfEmpty(pycache);
                }
            }
        }
        for (Path gone : changed.keySet()) {
            if (!now.contains(gone) && !Files.exists(gone)
                    && events.removals(remover.removeAllOf(gone), "source deleted")
                    && !folderBusy.test(gone.getParent())) {
                events.removeEmptied(gone.getParent(), rw.root);
            }
        }
        return (walk.sources().size() > PARALLEL_FROM ? walk.sources().parallelStream() : walk.sources().stream())
                .filter(f -> changed.containsKey(f.path()) || staleCheck.isStale(f))
                .map(f -> new ToCompile(f, changed.get(f.path())))
                .toList();
    }
}
