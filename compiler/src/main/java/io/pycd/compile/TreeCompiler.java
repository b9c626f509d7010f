package io.pycd.compile;

import io.pycd.cache.CacheState;
import io.pycd.cache.Freshness;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.status.SourceStatus;
import io.pycd.status.StatusEntry;
import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceTree;
import io.pycd.tree.SourceWalker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code pycd compile}: walks trees, checks every cache's header, and brings what is stale or missing up to date,
 * from the bytecode store when it holds the code, else by compiling.
 */
public final class TreeCompiler {

    private final CompileSettings settings;
    private final SourceWalker walker;
    private final boolean force;
    private final FailureMemo memo;

    /**
     * @param force compile everything, fresh or not, by a worker (the store is not looked in, only added to)
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

    private record Pair(SourceFile source, Interpreter interpreter, CompileReason reason) {
    }

    /** Largest first: the longest compiles start first. A class, not a lambda (a call site every start links). */
    private static final Comparator<Pair> LARGEST_FIRST = new Comparator<>() {
        @Override
        public int compare(Pair a, Pair b) {
            return Long.compare(b.source().size(), a.source().size());
        }
    };

    /**
     * What a run does with each source the walk finds, on the walker thread that found it, while the walk goes on:
     * counts it fresh, recalls a remembered failure, or plans a compile. A class rather than a lambda, for the same
     * reason as {@link #LARGEST_FIRST}.
     */
    private final class Plan implements Consumer<SourceFile> {
        final Queue<Pair> stale = new ConcurrentLinkedQueue<>();
        final Queue<CompileResult.Failed> recalled = new ConcurrentLinkedQueue<>();
        final AtomicInteger fresh = new AtomicInteger();
        private final CacheCompiler compiler;
        private final Freshness freshness;

        Plan(CacheCompiler compiler) {
            this.compiler = compiler;
            this.freshness = compiler.freshness();
        }

        @Override
        public void accept(SourceFile source) {
            Freshness.Source compared = Freshness.Source.of(source);
            for (Interpreter interpreter : settings.interpreters()) {
                CompileReason reason = CompileReason.FORCED;
                if (!force) {
                    // the fresh case stops at the first header that is not fresh; only a stale one is listed
                    if (SourceStatus.allFresh(settings, freshness, source.path(), interpreter, compared)) {
                        fresh.incrementAndGet();
                        continue;
                    }
                    List<CacheState> states = new ArrayList<>();
                    for (StatusEntry e : SourceStatus.of(settings, freshness, source.path(), interpreter, compared)) {
                        states.add(e.state());
                    }
                    reason = new CompileReason.Checked(states);
                }
                CompileResult.Failed known = force ? null : memo.recall(source.path(), interpreter, settings);
                if (known != null) {
                    recalled.add(known);
                } else {
                    // With a store to look in, most stale sources may be hits: workers start on the first miss
                    // instead. (Starting one now gained nothing measurable for an edited file on two cores: Python's
                    // start-up then competes with the walk.)
                    if (!compiler.storeInUse()) {
                        compiler.warmUp(interpreter);
                    }
                    stale.add(new Pair(source, interpreter, reason));
                }
            }
        }
    }

    /** Brings the caches of every source under {@code roots} up to date. Throws only for a root that is unusable. */
    public CompileReport compile(List<Path> roots, CompileListener listener) throws IOException {
        long start = System.nanoTime();
        try (CacheCompiler compiler = CacheCompiler.forOneRun(settings)) {
            Plan plan = new Plan(compiler);
            SourceTree tree = walker.walk(roots, plan);
            Queue<CompileResult.Failed> recalled = plan.recalled;
            AtomicInteger fresh = plan.fresh;
            listener.planned(tree.sources().size(), fresh.get(), plan.stale.size() + recalled.size());

            List<Pair> jobs = new ArrayList<>(plan.stale);
            jobs.sort(LARGEST_FIRST);
            List<CompletableFuture<CompileResult>> futures = new ArrayList<>(jobs.size());
            for (Pair p : jobs) {
                futures.add(compiler.compile(p.source(), p.interpreter(), p.reason(), !force).whenComplete((r, e) -> {
                    if (r != null) {
                        listener.finished(r);
                    }
                }));
            }
            List<CompileResult> results = new ArrayList<>(recalled);
            for (CompileResult.Failed f : recalled) {
                listener.finished(f);
            }
            for (CompletableFuture<CompileResult> f : futures) {
                results.add(f.join());
            }
            CompileReport report = CompileReport.of(settings.interpreters(), settings.optimizeLevels().size(), results,
                    fresh.get(), compiler.stopped(), tree.problems(), compiler.workersStarted(),
                    (System.nanoTime() - start) / 1e9, compiler.storeUse());
            memo.save(report.failed(), settings);
            return report;
        }
    }
}
