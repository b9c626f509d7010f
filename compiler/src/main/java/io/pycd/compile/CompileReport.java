package io.pycd.compile;

import io.pycd.interpreter.Interpreter;
import io.pycd.tree.WalkProblem;
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
 */
public record CompileReport(List<Interpreter> interpreters, int levels, List<CompileResult.Written> written,
                            int fresh, List<CompileResult.Failed> failed, Optional<WritingStopped> stopped,
                            List<WalkProblem> problems,
                            long workersStarted, double seconds) {

    public boolean ok() {
        return failed.isEmpty();
    }

    /** Cache files written. */
    public long cachesCompiled() {
        return written.stream().mapToLong(w -> w.caches().size()).sum();
    }

    /** Cache files that were fresh already. */
    public long cachesFresh() {
        return (long) fresh * levels;
    }

    /** Caches left missing or stale because their source failed. */
    public long cachesFailed() {
        return (long) failed.size() * levels;
    }
}
