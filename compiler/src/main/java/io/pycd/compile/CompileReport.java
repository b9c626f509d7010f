package io.pycd.compile;

import io.pycd.interpreter.Interpreter;
import io.pycd.tree.WalkProblem;
import java.util.List;

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
 */
public record CompileReport(List<Interpreter> interpreters, List<CompileResult.Written> written, int fresh,
                            List<CompileResult.Failed> failed, List<WalkProblem> problems, long workersStarted,
                            double seconds) {

    public boolean ok() {
        return failed.isEmpty();
    }
}
