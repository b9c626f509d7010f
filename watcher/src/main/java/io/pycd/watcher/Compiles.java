package io.pycd.watcher;

import io.pycd.compile.CacheCompiler;
import io.pycd.compile.CompileError;
import io.pycd.compile.CompileResult;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.SourceFile;
import io.pycd.watcher.events.WatchEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiles a watcher has in flight: each source for every interpreter through the one {@link CacheCompiler},
 * its results reported (a failed compile also removes the caches that no longer match), and which paths are in
 * flight, so that compiles of one path never overlap.
 */
final class Compiles {

    private static final Logger LOG = LoggerFactory.getLogger(Compiles.class);

    private final CompileSettings settings;
    private final CacheCompiler compiler;
    private final CacheRemover remover;
    private final Events events;
    private final Consumer<Path> whenDone;
    private final ConcurrentHashMap<Path, Boolean> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean storeProblemSaid = new AtomicBoolean();
    private final Object pendingMonitor = new Object();
    /** Who wants every result as it comes (a question being answered). */
    private final List<Consumer<CompileResult>> observers = new CopyOnWriteArrayList<>();
    /**
     * The last result of each (source, interpreter) when it was compile()'s own error: what the source will fail
     * with again until it changes (and a change is compiled again), as compile's failure memo remembers it.
     */
    private final ConcurrentHashMap<Path, Map<Interpreter, CompileResult.Failed>> failing = new ConcurrentHashMap<>();

    /**
     * @param whenDone called with a path once its compiles completed (it may have changed meanwhile)
     */
    Compiles(CompileSettings settings, CacheCompiler compiler, CacheRemover remover, Events events,
             Consumer<Path> whenDone) {
        this.settings = settings;
        this.compiler = compiler;
        this.remover = remover;
        this.events = events;
        this.whenDone = whenDone;
    }

    boolean inFlight(Path path) {
        return inFlight.containsKey(path);
    }

    /** True when a source of {@code folder} is being compiled (its {@code __pycache__} is about to be written). */
    boolean inFlightIn(Path folder) {
        for (Path p : inFlight.keySet()) {
            if (folder != null && folder.equals(p.getParent())) {
                return true;
            }
        }
        return false;
    }

    /** True when a source under {@code root} is being compiled. */
    boolean inFlightUnder(Path root) {
        for (Path p : inFlight.keySet()) {
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    boolean idle() {
        return pending.get() == 0;
    }

    /**
     * Compiles one source for every interpreter; the path is in flight until every compile completed.
     *
     * @param firstSeen   when its change was first seen (System.nanoTime): latencies count from it
     * @param afterChange true when a change was seen (its latency counts), false for a start-up or rescan compile
     * @param onDone      run once it completed, or null
     */
    CompletableFuture<Void> submit(SourceFile source, long firstSeen, boolean afterChange, Runnable onDone) {
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
                LOG.debug("compiling {} failed", path, t);
                events.emit(new WatchEvent.InternalError("compiling " + path, t));
            }
            inFlight.remove(path);
            whenDone.accept(path);
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

    /** Hands every result from now on to {@code observer}, until {@link #ignore}d. */
    void observe(Consumer<CompileResult> observer) {
        observers.add(observer);
    }

    void ignore(Consumer<CompileResult> observer) {
        observers.remove(observer);
    }

    /** compile()'s error for {@code source} on {@code interpreter} when that was its last result, else null. */
    CompileResult.Failed failing(Path source, Interpreter interpreter) {
        Map<Interpreter, CompileResult.Failed> f = failing.get(source);
        return f == null ? null : f.get(interpreter);
    }

    /** {@code source} is gone: its failures are no longer known. */
    void forget(Path source) {
        failing.remove(source);
    }

    private void remember(CompileResult r) {
        if (r instanceof CompileResult.Failed f && f.error() instanceof CompileError.Raised) {
            failing.computeIfAbsent(f.source(), s -> new ConcurrentHashMap<>()).put(f.interpreter(), f);
        } else {
            failing.computeIfPresent(r.source(), (s, byInterpreter) -> {
                byInterpreter.remove(r.interpreter());
                return byInterpreter.isEmpty() ? null : byInterpreter;
            });
        }
        observers.forEach(o -> o.accept(r));
    }

    private void onResult(CompileResult r, long firstSeen, boolean afterChange) {
        remember(r);
        double ms = (System.nanoTime() - firstSeen) / 1e6;
        compiler.storeUse().problem().filter(p -> storeProblemSaid.compareAndSet(false, true))
                .ifPresent(p -> events.emit(new WatchEvent.Warning(p + "; compiling without the store")));
        if (r instanceof CompileResult.Written w) {
            for (Path cache : w.caches()) {
                events.stats().compiled(ms, afterChange);
                events.emit(new WatchEvent.Compiled(w.source(), cache, w.interpreter(), ms));
            }
            for (String warning : w.describeWarnings()) {
                events.emit(new WatchEvent.Warning(warning));
            }
        } else if (r instanceof CompileResult.Failed f) {
            if (f.error() == CompileError.Own.READ_ERROR && !Files.exists(f.source())) {
                return; // deleted meanwhile: its delete event removes the caches
            }
            events.emit(new WatchEvent.Error(f));
            events.removals(remover.removeOf(f.source(), f.interpreter()),
                    "no longer matches its source (" + f.error().label() + ")");
        }
    }

    /** Waits until every compile in flight completed, at most {@code timeout} of {@code unit}. */
    void awaitIdle(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (pendingMonitor) {
            while (pending.get() > 0 && System.nanoTime() < deadline) {
                try {
                    pendingMonitor.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
