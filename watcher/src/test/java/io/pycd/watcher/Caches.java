package io.pycd.watcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.CacheOracle;
import io.pycd.testing.Py;
import io.pycd.settings.WorkerLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The watcher's tests ask CPython whether caches are right ({@link CacheOracle}), for python3.12 or else the newest
 * interpreter from 3.8 on. The oracle's files go to {@code work}, which must be outside every watched root.
 */
public final class Caches {

    public final Interpreter interpreter;
    private final Path work;

    private Caches(Interpreter interpreter, Path work) {
        this.interpreter = interpreter;
        this.work = work;
    }

    public static Caches oracle(Path work) {
        List<Interpreter> installed = Py.installed(8);
        assumeTrue(!installed.isEmpty(), "no Python 3.8 or newer");
        return new Caches(Py.find("3.12").orElse(installed.get(installed.size() - 1)), work);
    }

    /** Timestamp caches in {@code __pycache__}, level 0, for this interpreter, two workers. */
    public CompileSettings settings() {
        return new CompileSettings(List.of(interpreter), List.of(0), InvalidationMode.TIMESTAMP,
                new CacheLayout.Pycache(), CodeFileNames.absolute(), false,
                new WorkerLimits(2, Duration.ofSeconds(60), 0), CompileSettings.DEFAULT_MAX_SOURCE_BYTES);
    }

    public Path cacheOf(Path source) {
        return new CacheLayout.Pycache().cacheOf(source, interpreter.cacheTag(), 0);
    }

    /** What CPython finds wrong with the caches of {@code sources}; empty when every one is right. */
    public String problems(List<Path> sources) {
        return CacheOracle.check(interpreter.executable(),
                sources.stream().map(s -> new CacheOracle.Entry(s, cacheOf(s), null)).toList(), work).problems();
    }

    public boolean right(Path source) {
        return problems(List.of(source)).isEmpty();
    }
}
