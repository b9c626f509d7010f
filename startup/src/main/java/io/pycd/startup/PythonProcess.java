package io.pycd.startup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Python process the command started, as the hook saw it: what decides where its caches are and what they look
 * like.
 *
 * @param pid               its process id
 * @param executable        {@code sys.executable} (a virtualenv's own python for a venv)
 * @param version           {@code major.minor.micro}
 * @param cacheTag          {@code sys.implementation.cache_tag}
 * @param pycachePrefix     {@code sys.pycache_prefix} ({@code PYTHONPYCACHEPREFIX}, {@code -X pycache_prefix})
 * @param optimize          {@code sys.flags.optimize}: 0, 1 ({@code -O}) or 2 ({@code -OO}), the level of the caches
 *                          it reads
 * @param dontWriteBytecode {@code sys.dont_write_bytecode} when it started ({@code PYTHONDONTWRITEBYTECODE},
 *                          {@code -B})
 */
public record PythonProcess(long pid, Path executable, String version, String cacheTag, Optional<Path> pycachePrefix,
                            int optimize, boolean dontWriteBytecode) {

    /** What a fix compiles for: processes that agree on these read the same caches. */
    public Target target() {
        return new Target(executable, pycachePrefix, optimize);
    }

    /**
     * The interpreter, layout and level caches are compiled for.
     *
     * @param executable    the interpreter
     * @param pycachePrefix where its caches are, when not in {@code __pycache__}
     * @param optimize      the optimization level
     */
    public record Target(Path executable, Optional<Path> pycachePrefix, int optimize) {
    }
}
