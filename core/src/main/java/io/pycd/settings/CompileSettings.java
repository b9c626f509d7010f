package io.pycd.settings;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * How caches are compiled and written, shared by compile, status and watch.
 *
 * @param interpreters   the targets (at least one)
 * @param optimizeLevels distinct levels from 0 to 2, ascending
 * @param mode           invalidation mode written into headers
 * @param layout         where caches go
 * @param codeFileNames  the name recorded as co_filename
 * @param hardlinkDupes  levels that compile to identical bytes share one file
 * @param workers        the worker pool's limits (per interpreter)
 * @param maxSourceBytes sources larger than this are reported, not compiled
 * @param memory         the bytecode store and the compile record to use, if any
 */
public record CompileSettings(List<Interpreter> interpreters, List<Integer> optimizeLevels, InvalidationMode mode,
                              CacheLayout layout, CodeFileNames codeFileNames, boolean hardlinkDupes,
                              WorkerLimits workers, long maxSourceBytes, CompileMemory memory) {

    public static final long DEFAULT_MAX_SOURCE_BYTES = 32L << 20;

    public CompileSettings {
        if (interpreters.isEmpty()) {
            throw new IllegalArgumentException("no interpreter");
        }
        optimizeLevels = List.copyOf(new TreeSet<>(optimizeLevels.isEmpty() ? List.of(0) : optimizeLevels));
        for (int level : optimizeLevels) {
            if (level < 0 || level > 2) {
                throw new IllegalArgumentException("optimization levels are 0, 1 and 2, not " + level);
            }
        }
        if (layout instanceof CacheLayout.Legacy && optimizeLevels.size() > 1) {
            throw new IllegalArgumentException("legacy caches (x.pyc) hold one optimization level; give one --optimize");
        }
        if (hardlinkDupes && optimizeLevels.size() < 2) {
            throw new IllegalArgumentException("--hardlink-dupes needs at least two optimization levels");
        }
        if (mode.hashBased()) {
            for (Interpreter i : interpreters) {
                if (!i.supportsHashPycs()) {
                    throw new IllegalArgumentException(i.executable() + " (Python " + i.version()
                            + ") has no hash-based pycs; they need 3.7 or newer");
                }
            }
        }
        interpreters = List.copyOf(interpreters);
    }

    /** Settings without a store or a compile record: every stale source is compiled, nothing is remembered. */
    public CompileSettings(List<Interpreter> interpreters, List<Integer> optimizeLevels, InvalidationMode mode,
                           CacheLayout layout, CodeFileNames codeFileNames, boolean hardlinkDupes, WorkerLimits workers,
                           long maxSourceBytes) {
        this(interpreters, optimizeLevels, mode, layout, codeFileNames, hardlinkDupes, workers, maxSourceBytes,
                CompileMemory.NONE);
    }

    /** The same settings with {@code memory}. */
    public CompileSettings withMemory(CompileMemory memory) {
        return new CompileSettings(interpreters, optimizeLevels, mode, layout, codeFileNames, hardlinkDupes, workers,
                maxSourceBytes, memory);
    }

    /** The cache of {@code source} for {@code interpreter} at {@code level}, in the configured layout. */
    public Path cacheOf(Path source, Interpreter interpreter, int level) {
        return layout.cacheOf(source, interpreter.cacheTag(), level);
    }

    /** Bit N set for each level N compiled: what a worker is asked for. */
    public int optimizeMask() {
        int mask = 0;
        for (int level : optimizeLevels) {
            mask |= 1 << level;
        }
        return mask;
    }
}
