package io.pycd.cli;

import io.pycd.settings.CompileSettings;
import io.pycd.settings.Request;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What to compile for and how: {@link CacheOptions} (which caches) and how compile, watch and the daemon write them
 * (workers, limits, the recorded file name, hard links). Status takes only {@link CacheOptions}: none of these
 * change its answer.
 */
public final class TargetOptions extends CacheOptions {

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Worker processes per interpreter. Default: one per core.")
    Integer jobs;

    @Option(names = {"-d", "--ddir"}, paramLabel = "DIR",
            description = "Record DIR in place of the tree's root as the file name in the code (compileall -d).")
    String ddir;

    @Option(names = {"-s", "--strip-dir"}, paramLabel = "DIR",
            description = "Strip DIR from the front of the recorded file name (compileall -s).")
    String stripDir;

    @Option(names = {"-p", "--prepend-dir"}, paramLabel = "DIR",
            description = "Put DIR in front of the recorded file name, after --strip-dir (compileall -p).")
    String prependDir;

    @Option(names = "--hardlink-dupes",
            description = "Optimization levels that compile to identical bytes share one file (compileall).")
    boolean hardlinkDupes;

    @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "33554432",
            description = "Sources larger than this are reported, not compiled (compiling 14 MB takes ~2 GB). "
                    + "Default: ${DEFAULT-VALUE} (32 MiB).")
    long maxSize = CompileSettings.DEFAULT_MAX_SOURCE_BYTES;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Per-file time limit; a worker that takes longer is killed and replaced. "
                    + "Default: ${DEFAULT-VALUE}.")
    double timeoutSeconds = 60;

    @Option(names = "--no-store", description = "Compile every stale source; neither look in nor add to the bytecode "
            + "store (pycd store). Default: [tool.pycd] store, else on.")
    boolean noStore;

    /** Every flag, as a request's targets. */
    @Override
    public Request.Targets targets() {
        return new Request.Targets(pythons, optimize, Optional.ofNullable(invalidationMode),
                Optional.ofNullable(pycachePrefix), legacy, Optional.ofNullable(jobs), Optional.ofNullable(ddir),
                Optional.ofNullable(stripDir), Optional.ofNullable(prependDir), hardlinkDupes, maxSize, timeoutSeconds,
                noStore);
    }
}
