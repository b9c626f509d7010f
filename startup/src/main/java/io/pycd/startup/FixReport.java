package io.pycd.startup;

import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link StartupFix} did: one compile per interpreter, layout and level the command's processes used.
 *
 * @param compiles the compiles, in the order the processes reported
 * @param problems what could not be compiled at all, in words (an interpreter that no longer runs, a bad
 *                 pyproject.toml above the sources)
 */
public record FixReport(List<TargetCompile> compiles, List<String> problems) {

    public FixReport {
        compiles = List.copyOf(compiles);
        problems = List.copyOf(problems);
    }

    /**
     * @param target  the interpreter, pycache prefix and level compiled for
     * @param sources the sources compiled at run time by processes of that target
     * @param report  what the compile engine did with them
     */
    public record TargetCompile(PythonProcess.Target target, List<Path> sources, CompileReport report) {
        public TargetCompile {
            sources = List.copyOf(sources);
        }
    }

    /** Caches written, over every compile. */
    public int written() {
        return compiles.stream().mapToInt(c -> c.report().written().size()).sum();
    }

    /** Sources whose caches were already fresh (import itself wrote them). */
    public int fresh() {
        return compiles.stream().mapToInt(c -> c.report().fresh()).sum();
    }

    /** Sources that could not be compiled or whose caches could not be written. */
    public List<CompileResult.Failed> failed() {
        return compiles.stream().flatMap(c -> c.report().failed().stream()).toList();
    }

    /** True when every source compiled at run time now has a cache. */
    public boolean ok() {
        return problems.isEmpty() && failed().isEmpty();
    }
}
