package io.pycd.compile;

import io.pycd.cache.CacheState;
import io.pycd.cache.CacheValidator;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceTree;
import io.pycd.tree.SourceWalker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code pycd compile}: walks trees, checks every cache's header, compiles what is stale or missing. */
public final class TreeCompiler {

    private final CompileSettings settings;
    private final SourceWalker walker;
    private final boolean force;
    private final FailureMemo memo;

    /**
     * @param force compile everything, fresh or not
     * @param memo  failures of earlier runs, re-reported without compiling while nothing has changed
     */
    public TreeCompiler(CompileSettings settings, SourceWalker walker, boolean force, FailureMemo memo) {
        this.settings = settings;
        this.walker = walker;
        this.force = force;
        this.memo = memo;
    }

    public TreeCompiler(CompileSettings settings, SourceWalker walker, boolean force) {
        this(settings, walker, force, FailureMemo.disabled());
    }

    /** Brings the caches of every source under {@code roots} up to date. Throws only for a root that is unusable. */
    public CompileReport compile(List<Path> roots, CompileListener listener) throws IOException {
        long start = System.nanoTime();
        SourceTree tree = walker.walk(roots);
        return compile(tree, listener, start);
    }

    /** Compiles the sources of an already walked tree (or of a list of files). */
    public CompileReport compile(SourceTree tree, CompileListener listener, long startNanos) {
        List<SourceFile> sources = tree.sources();
        List<Interpreter> interpreters = settings.interpreters();
        record Pair(SourceFile source, Interpreter interpreter) {
        }
        List<Pair> stale = new ArrayList<>();
        AtomicInteger fresh = new AtomicInteger();
        try (CacheCompiler compiler = new CacheCompiler(settings)) {
            // Header checks are small reads: spread them over the cores when there are many.
            List<List<Pair>> perSource = (sources.size() > 256 ? sources.parallelStream() : sources.stream())
                    .map(source -> {
                        List<Pair> todo = new ArrayList<>();
                        CacheValidator.SourceBytes bytes = CacheCompiler.memoized(source.path());
                        for (Interpreter interpreter : interpreters) {
                            if (force || !allFresh(compiler.states(source, interpreter, bytes))) {
                                if (force || memo.recall(source.path(), interpreter, settings) == null) {
                                    compiler.warmUp(interpreter);
                                }
                                todo.add(new Pair(source, interpreter));
                            } else {
                                fresh.incrementAndGet();
                            }
                        }
                        return todo;
                    }).toList();
            perSource.forEach(stale::addAll);
            listener.planned(sources.size(), fresh.get(), stale.size());

            List<CompletableFuture<CompileResult>> futures = new ArrayList<>(stale.size());
            for (Pair p : stale) {
                CompileResult.Failed known = force ? null : memo.recall(p.source().path(), p.interpreter(), settings);
                if (known != null) {
                    listener.finished(known);
                    futures.add(CompletableFuture.completedFuture(known));
                    continue;
                }
                futures.add(compiler.compile(p.source(), p.interpreter()).whenComplete((r, e) -> {
                    if (r != null) {
                        listener.finished(r);
                    }
                }));
            }
            List<CompileResult.Written> written = new ArrayList<>();
            List<CompileResult.Failed> failed = new ArrayList<>();
            for (CompletableFuture<CompileResult> f : futures) {
                CompileResult r = f.join();
                if (r instanceof CompileResult.Written w) {
                    written.add(w);
                } else if (r instanceof CompileResult.Failed x) {
                    failed.add(x);
                }
            }
            Comparator<CompileResult> order = Comparator.comparing((CompileResult r) -> r.source().toString())
                    .thenComparing(r -> r.interpreter().cacheTag());
            written.sort(order);
            failed.sort(order);
            memo.save(failed, settings);
            return new CompileReport(interpreters, List.copyOf(written), fresh.get(), List.copyOf(failed),
                    tree.problems(), compiler.workersStarted(), (System.nanoTime() - startNanos) / 1e9);
        }
    }

    private static boolean allFresh(List<CacheState> states) {
        for (CacheState s : states) {
            if (!(s instanceof CacheState.Fresh)) {
                return false;
            }
        }
        return true;
    }
}
