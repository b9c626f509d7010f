package io.pycd.startup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A module importlib compiled at run time.
 *
 * @param module  its name ({@code pip._internal.cli.main})
 * @param source  its source file, absolute
 * @param cache   the cache importlib looked for ({@code cache_from_source}), absolute; empty without a cache tag
 * @param why     why it was not read from a cache
 * @param nanos   the time compile() took, measured around the loader's {@code source_to_code}
 * @param process the process that compiled it
 */
public record CompiledModule(String module, Path source, Optional<Path> cache, Reason.Why why, long nanos,
                             PythonProcess process) {

    public Reason reason() {
        return why.reason();
    }

    public double millis() {
        return nanos / 1e6;
    }
}
