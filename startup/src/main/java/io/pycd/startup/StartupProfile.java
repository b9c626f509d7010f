package io.pycd.startup;

import java.util.Comparator;
import java.util.List;

/**
 * What the hook saw in every Python process of one run of the command. Import and compile times are summed over
 * the processes.
 *
 * @param processes   the Python processes that reported, in the order they did
 * @param compiled    modules compiled at run time, most expensive first
 * @param fromCache   modules read from a valid cache
 * @param importNanos the time spent in imports (the outermost imports of each thread, from the hook's start on)
 */
public record StartupProfile(List<PythonProcess> processes, List<CompiledModule> compiled, List<CachedModule> fromCache,
                             long importNanos) {

    public StartupProfile {
        processes = List.copyOf(processes);
        compiled = compiled.stream().sorted(Comparator.comparingLong(CompiledModule::nanos).reversed()
                .thenComparing(CompiledModule::module)).toList();
        fromCache = List.copyOf(fromCache);
    }

    /** The time compile() took, over every module compiled at run time. */
    public long compileNanos() {
        return compiled.stream().mapToLong(CompiledModule::nanos).sum();
    }

    public double importSeconds() {
        return importNanos / 1e9;
    }

    public double compileSeconds() {
        return compileNanos() / 1e9;
    }
}
