package io.pycd.compile;

import io.pycd.interpreter.Interpreter;
import io.pycd.tree.WalkProblem;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link TreeCompiler#compile}: every (source, interpreter) pair is either written, fresh or failed.
 *
 * @param interpreters the targets
 * @param written      pairs whose caches were (re)written
 * @param fresh        pairs whose caches were already fresh
 * @param failed       pairs that failed, in source order
 * @param problems       what the walk passed over
 * @param workersStarted Python worker processes started (0 when nothing needed compiling)
 * @param seconds        wall time of the run
 * @param store          whether the bytecode store was looked in, and why it was turned off if it was
 */
public record CompileReport(List<Interpreter> interpreters, List<CompileResult.Written> written, int fresh,
                            List<CompileResult.Failed> failed, List<WalkProblem> problems, long workersStarted,
                            double seconds, StoreUse store) {

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

    /** (source, interpreter) pairs whose caches were written from the store. */
    public long fromStore() {
        return written.stream().filter(CompileResult.Written::fromStore).count();
    }

    /** (source, interpreter) pairs a worker compiled. */
    public long compiled() {
        return written.size() - fromStore();
    }
}
