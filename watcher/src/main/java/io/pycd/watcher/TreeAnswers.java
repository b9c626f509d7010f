package io.pycd.watcher;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheNames;
import io.pycd.cache.CacheState;
import io.pycd.cache.Freshness;
import io.pycd.cache.PycHeader;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.status.SourceStatus;
import io.pycd.status.StatusEntry;
import io.pycd.status.StatusReport;
import io.pycd.status.StatusScanner;
import io.pycd.tree.SourceFile;
import io.pycd.tree.TreeRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What {@code pycd compile} and {@code pycd status} would report for a folder a watcher watches, answered from what
 * the watcher knows instead of a walk. First every change made before the question must have come through the watch
 * (two sync cookies) and been acted on (nothing settling, dispatched or compiling under the root); then the sources
 * the watcher knows under the folder are stat'ed and their caches' headers checked by core's rules, as a walk's would
 * be, and what the walk passed over at the last reconcile is reported. A compile counts as compiled what the watcher
 * compiled since the question came, reports the failures it knows (as compile's failure memo would), and compiles
 * what is stale for another reason (caches removed or replaced behind its back) before it answers.
 *
 * <p>The answer is {@link Answer.Unknown} whenever the watcher cannot vouch for it: the root still starting, folders
 * polled, git working, a rescan pending, what a walk passes over changed since the last reconcile (a rescan is asked
 * for), the folder excluded or in a virtualenv, or the deadline passed. The caller then walks.
 */
public final class TreeAnswers {

    /** Above this many sources the headers are read on several threads. */
    private static final int PARALLEL_FROM = 256;

    private final Watcher watcher;

    public TreeAnswers(Watcher watcher) {
        this.watcher = watcher;
    }

    /**
     * {@code pycd compile}'s report for the folder {@code folder} (absolute, normalized: a root of the watcher or a
     * folder inside one), with absolute paths.
     *
     * @param deadline when to give up ({@link System#nanoTime})
     */
    public Answer<CompileReport> compile(Path folder, long deadline) {
        long start = System.nanoTime();
        Compiles compiles = watcher.compiles();
        Map<Path, Map<Interpreter, CompileResult>> since = new ConcurrentHashMap<>();
        Consumer<CompileResult> seen = r -> since.computeIfAbsent(r.source(), s -> new ConcurrentHashMap<>())
                .put(r.interpreter(), r);
        compiles.observe(seen);
        try {
            return whenSettled(folder, deadline, rw -> {
                CompileSettings settings = watcher.settings();
                Freshness freshness = watcher.freshness();
                Queue<CompileResult> results = new ConcurrentLinkedQueue<>();
                Queue<SourceFile> stale = new ConcurrentLinkedQueue<>();
                Set<Pair> pending = ConcurrentHashMap.newKeySet();
                AtomicInteger fresh = new AtomicInteger();
                boolean unchanged = eachSource(rw, folder, (source, compared) -> {
                    Path path = source.path();
                    boolean compileIt = false;
                    for (Interpreter i : settings.interpreters()) {
                        CompileResult result = since.getOrDefault(path, Map.of()).get(i);
                        CompileResult.Failed known;
                        if (result != null) {
                            results.add(result); // compiled since the question came: what a walk would have done now
                        } else if (SourceStatus.allFresh(settings, freshness, path, i, compared)) {
                            fresh.incrementAndGet();
                        } else if ((known = compiles.failing(path, i)) != null) {
                            results.add(known);
                        } else {
                            pending.add(new Pair(path, i));
                            compileIt = true;
                        }
                    }
                    if (compileIt) {
                        stale.add(source);
                    }
                });
                if (!unchanged) {
                    return changedMeanwhile(folder);
                }
                Optional<String> why = compileNow(compiles, stale, deadline);
                if (why.isPresent()) {
                    return new Answer.Unknown<>(why.get());
                }
                for (Pair p : pending) {
                    CompileResult result = since.getOrDefault(p.source(), Map.of()).get(p.interpreter());
                    if (result == null) {
                        return changedMeanwhile(folder);
                    }
                    results.add(result);
                }
                Optional<Skipped.Passed> passed = passed(rw, folder);
                if (passed.isEmpty()) {
                    return changedMeanwhile(folder);
                }
                // the watcher's compiler keeps writing on a full disk (a walk's would have stopped): never stopped
                return new Answer.Known<>(CompileReport.of(settings.interpreters(), settings.optimizeLevels().size(),
                        results, fresh.get(), Optional.empty(), passed.get().problems(), 0,
                        (System.nanoTime() - start) / 1e9, watcher.storeUse()));
            });
        } finally {
            compiles.ignore(seen);
        }
    }

    /**
     * {@code pycd status}'s report for the folder {@code folder}, with absolute paths.
     *
     * @param listFresh list each fresh cache (else only count them)
     * @param deadline  when to give up ({@link System#nanoTime})
     */
    public Answer<StatusReport> status(Path folder, boolean listFresh, long deadline) {
        return whenSettled(folder, deadline, rw -> {
            CompileSettings settings = watcher.settings();
            Freshness freshness = watcher.freshness();
            Queue<StatusEntry> entries = new ConcurrentLinkedQueue<>();
            AtomicInteger freshUnlisted = new AtomicInteger();
            boolean unchanged = eachSource(rw, folder, (source, compared) -> {
                for (Interpreter i : settings.interpreters()) {
                    for (StatusEntry e : SourceStatus.of(settings, freshness, source.path(), i, compared)) {
                        if (listFresh || !(e.state() instanceof CacheState.Fresh)) {
                            entries.add(e);
                        } else {
                            freshUnlisted.incrementAndGet();
                        }
                    }
                }
            });
            List<StatusEntry> all = new ArrayList<>(entries);
            if (settings.layout() instanceof CacheLayout.Pycache) {
                // the __pycache__ folders a walk would pass: one in each folder it enters, all of them watched
                Set<String> tags = StatusScanner.targetTags(settings);
                for (Path dir : rw.registered) {
                    Path pycache = dir.resolve(CacheNames.PYCACHE);
                    if (dir.startsWith(folder) && Files.isDirectory(pycache, LinkOption.NOFOLLOW_LINKS)) {
                        StatusScanner.strayCaches(pycache, tags, all);
                    }
                }
            }
            Optional<Skipped.Passed> passed = passed(rw, folder);
            if (!unchanged || passed.isEmpty()) {
                return changedMeanwhile(folder);
            }
            all.sort(StatusEntry.ORDER);
            // caches of other tags stay wrong-version: the asker judges them against the versions in use where it runs
            return new Answer.Known<>(new StatusReport(settings.interpreters(), List.copyOf(all),
                    passed.get().problems(), passed.get().virtualenvs(), freshUnlisted.get()));
        });
    }

    private record Pair(Path source, Interpreter interpreter) {
    }

    /**
     * {@code answer} for the root of {@code folder} once the watcher has acted there on every change made before now,
     * or why it cannot vouch for what it knows there.
     */
    private <T> Answer<T> whenSettled(Path folder, long deadline, Function<RootWatch, Answer<T>> answer) {
        Answer<RootWatch> settled = settle(folder, deadline);
        if (settled instanceof Answer.Unknown<RootWatch> u) {
            return new Answer.Unknown<>(u.why());
        }
        return answer.apply(((Answer.Known<RootWatch>) settled).report());
    }

    /**
     * Waits until the watcher has acted on every change made before now under the root of {@code folder}; the root,
     * or why the watcher cannot vouch for what it knows there.
     */
    private Answer<RootWatch> settle(Path folder, long deadline) {
        Optional<RootWatch> root = watcher.rootOf(folder);
        if (root.isEmpty()) {
            return new Answer.Unknown<>(folder + " is not watched");
        }
        RootWatch rw = root.get();
        Optional<String> why = refusal(rw, folder);
        if (why.isPresent()) {
            return new Answer.Unknown<>(why.get());
        }
        if (rw.cookies.sync(deadline) instanceof Answer.Unknown<Void> u) {
            return new Answer.Unknown<>(u.why());
        }
        if (!watcher.settling().await(rw, deadline)) {
            return new Answer.Unknown<>("changes under " + rw.root + " were still being compiled at the deadline");
        }
        why = refusal(rw, folder);
        return why.isPresent() ? new Answer.Unknown<>(why.get()) : new Answer.Known<>(rw);
    }

    private Optional<String> refusal(RootWatch rw, Path folder) {
        if (!rw.ready) {
            return Optional.of(rw.root + " is still being reconciled");
        }
        if (rw.polled.size() > 0) {
            return Optional.of("some folders under " + rw.root + " cannot be watched and are polled");
        }
        if (rw.hold.holding() || rw.hold.gitBusy()) {
            return Optional.of("git is working in " + rw.root);
        }
        if (watcher.settling().rescanPending(rw)) {
            return Optional.of(rw.root + " waits for a rescan");
        }
        if (rw.skipped.current().isEmpty()) {
            watcher.requestRescan(rw, "what a walk passes over may have changed", false);
            return Optional.of("what a walk passes over under " + rw.root + " may have changed; rescanning it");
        }
        if (!folder.equals(rw.root) && !rw.filter.watchesFolderAndParents(folder)) {
            return Optional.of(folder + " is not watched (excluded, or in a virtualenv)");
        }
        return Optional.empty();
    }

    /**
     * Hands each source the watcher knows under {@code folder} to {@code each}, stat'ed as a walk finds it (on several
     * threads for many); false when one is gone or no source any more: the tree changed while the question was
     * answered.
     */
    private static boolean eachSource(RootWatch rw, Path folder, BiConsumer<SourceFile, Freshness.Source> each) {
        List<Path> under = rw.sources.stream().filter(p -> p.startsWith(folder)).toList();
        AtomicBoolean changed = new AtomicBoolean();
        (under.size() > PARALLEL_FROM ? under.parallelStream() : under.stream()).forEach(path -> {
            Optional<SourceFile> source = stat(rw, path);
            if (source.isEmpty()) {
                changed.set(true);
            } else {
                each.accept(source.get(), Freshness.Source.of(source.get()));
            }
        });
        return !changed.get();
    }

    /** The source at {@code path} as a walk would find it (through a symlink), or empty when it is no source now. */
    private static Optional<SourceFile> stat(RootWatch rw, Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new SourceFile(path, rw.root, TreeRules.relative(rw.root, path), a.size(),
                    PycHeader.mtimeOf(a.lastModifiedTime()), a.lastModifiedTime(), a.fileKey()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What a walk of {@code folder} passes over, or empty when the watcher can no longer vouch for it. */
    private static Optional<Skipped.Passed> passed(RootWatch rw, Path folder) {
        return rw.skipped.current().map(all -> new Skipped.Passed(
                all.problems().stream().filter(p -> p.path().startsWith(folder)).toList(),
                all.virtualenvs().stream().filter(v -> v.startsWith(folder)).toList()));
    }

    /** Compiles {@code sources} now, through the watcher (so they count as in flight); empty once all are done. */
    private static Optional<String> compileNow(Compiles compiles, Queue<SourceFile> sources, long deadline) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (SourceFile s : sources) {
            if (compiles.inFlight(s.path())) {
                return Optional.of(s.path() + " changed again while the question was answered");
            }
            done.add(compiles.submit(s, System.nanoTime(), false, null));
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("compiling " + sources.size() + " stale sources took longer than the question may wait");
        } catch (ExecutionException e) {
            return Optional.of("compiling failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static <T> Answer<T> changedMeanwhile(Path folder) {
        return new Answer.Unknown<>("the tree under " + folder + " changed while the question was answered");
    }
}
