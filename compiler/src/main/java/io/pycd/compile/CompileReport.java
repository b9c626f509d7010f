package io.pycd.compile;

import io.pycd.interpreter.Interpreter;
import io.pycd.tree.WalkProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link TreeCompiler#compile}: every (source, interpreter) pair is either written, fresh or failed.
 * Each pair stands for {@code levels} caches (one per optimization level); the {@code caches...} counts are in caches,
 * the unit {@code pycd status} counts in too.
 *
 * @param interpreters   the targets
 * @param levels         caches per pair: the optimization levels asked for
 * @param written        pairs whose caches were (re)written
 * @param fresh          pairs whose caches were already fresh
 * @param failed         pairs that failed, in source order
 * @param stopped        where the run stopped writing because the file system was full; the pairs it left unwritten
 *                       are in {@code failed} as {@link CompileError.Own#NO_SPACE}
 * @param problems       what the walk passed over
 * @param workersStarted Python worker processes started (0 when nothing needed compiling)
 * @param seconds        wall time of the run
 * @param store          whether the bytecode store was looked in, and why it was turned off if it was
 */
public record CompileReport(List<Interpreter> interpreters, int levels, List<CompileResult.Written> written,
                            int fresh, List<CompileResult.Failed> failed, Optional<WritingStopped> stopped,
                            List<WalkProblem> problems, long workersStarted, double seconds, StoreUse store) {

    /**
     * The report of {@code results}, the written and the failed apart, each in {@link CompileResult#ORDER}: how a walk
     * and a daemon's answer alike put theirs together.
     */
    public static CompileReport of(List<Interpreter> interpreters, int levels, Collection<? extends CompileResult> results,
                                   int fresh, Optional<WritingStopped> stopped, List<WalkProblem> problems,
                                   long workersStarted, double seconds, StoreUse store) {
        List<CompileResult.Written> written = new ArrayList<>();
        List<CompileResult.Failed> failed = new ArrayList<>();
        for (CompileResult r : results) {
            if (r instanceof CompileResult.Written w) {
                written.add(w);
            } else if (r instanceof CompileResult.Failed f) {
                failed.add(f);
            }
        }
        written.sort(CompileResult.ORDER);
        failed.sort(CompileResult.ORDER);
        return new CompileReport(interpreters, levels, List.copyOf(written), fresh, List.copyOf(failed), stopped,
                problems, workersStarted, seconds, store);
    }

    /**
     * The bytecode store in a run.
     *
     * @param on      it was to be used (not {@code --no-store})
     * @param problem why it could not be, said once
     */
    public record StoreUse(boolean on, Optional<String> problem) {
    }

    public boolean ok() {
        return failed.isEmpty();
    }

    /** Cache files written, by a worker or from the store. */
    public long cachesWritten() {
        return written.stream().mapToLong(w -> w.caches().size()).sum();
    }

    /** Cache files a worker compiled. */
    public long cachesCompiled() {
        return cachesWritten() - cachesFromStore();
    }

    /** Cache files written from the bytecode store. */
    public long cachesFromStore() {
        return written.stream().filter(CompileResult.Written::fromStore).mapToLong(w -> w.caches().size()).sum();
    }

    /** Cache files that were fresh already. */
    public long cachesFresh() {
        return (long) fresh * levels;
    }

    /** Caches left missing or stale because their source failed. */
    public long cachesFailed() {
        return (long) failed.size() * levels;
    }

    /** (source, interpreter) pairs whose caches were written from the store. */
    public long fromStore() {
        return written.stream().filter(CompileResult.Written::fromStore).count();
    }

    /** (source, interpreter) pairs a worker compiled. */
    public long compiled() {
        return written.size() - fromStore();
    }
}
