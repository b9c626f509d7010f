package io.pycd.cli;

import io.pycd.config.ByteSize;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.Request;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What to compile for and how: {@link CacheOptions} (which caches) and how compile, watch and the daemon write them
 * (workers, limits, the recorded file name, hard links). Status takes only {@link CacheOptions}: none of these
 * change its answer.
 */
public final class TargetOptions extends CacheOptions {

    Integer jobs;
    String ddir;
    String stripDir;
    String prependDir;
    boolean hardlinkDupes;
    long maxSize = CompileSettings.DEFAULT_MAX_SOURCE_BYTES;
    double timeoutSeconds = 60;
    boolean noStore;

    /** {@link CacheOptions}' options, then these. */
    @Override
    void addTo(CommandSpec spec) {
        super.addTo(spec);
        spec.addOption(Specs.option(Integer.class, this, "jobs", "-j", "--jobs").paramLabel("N")
                .description("Worker processes per interpreter. Default: one per core.").build());
        spec.addOption(Specs.option(String.class, this, "ddir", "-d", "--ddir").paramLabel("DIR")
                .description("Record DIR in place of the tree's root as the file name in the code (compileall -d).")
                .build());
        spec.addOption(Specs.option(String.class, this, "stripDir", "-s", "--strip-dir").paramLabel("DIR")
                .description("Strip DIR from the front of the recorded file name (compileall -s).").build());
        spec.addOption(Specs.option(String.class, this, "prependDir", "-p", "--prepend-dir").paramLabel("DIR")
                .description("Put DIR in front of the recorded file name, after --strip-dir (compileall -p).")
                .build());
        spec.addOption(Specs.flag(this, "hardlinkDupes", "--hardlink-dupes")
                .description("Optimization levels that compile to identical bytes share one file (compileall).")
                .build());
        spec.addOption(Specs.option(long.class, this, "maxSize", "--max-size").paramLabel("SIZE")
                .converters(SIZE).defaultValue("32M")
                .description("Sources larger than this are reported, not compiled (compiling 14 MB takes ~2 GB): "
                        + "bytes, or a number with K, M, G or T. Default: ${DEFAULT-VALUE}.").build());
        spec.addOption(Specs.option(double.class, this, "timeoutSeconds", "--timeout").paramLabel("SECONDS")
                .defaultValue("60")
                .description("Per-file time limit; a worker that takes longer is killed and replaced. "
                        + "Default: ${DEFAULT-VALUE}.").build());
        spec.addOption(Specs.flag(this, "noStore", "--no-store").description("Compile every stale source; neither "
                + "look in nor add to the bytecode store (pycd store). Default: [tool.pycd] store, else on.").build());
    }

    /** Every flag, as a request's targets. */
    @Override
    public Request.Targets targets() {
        return new Request.Targets(pythons, optimize, Optional.ofNullable(invalidationMode),
                Optional.ofNullable(pycachePrefix), legacy, Optional.ofNullable(jobs), Optional.ofNullable(ddir),
                Optional.ofNullable(stripDir), Optional.ofNullable(prependDir), hardlinkDupes, maxSize, timeoutSeconds,
                noStore);
    }

    /**
     * A size as {@link ByteSize} reads it (store prune's --max-size and PYCD_STORE_MAX_SIZE read sizes the same way).
     * A class, not a method reference: see {@link Specs}.
     */
    private static final CommandLine.ITypeConverter<Long> SIZE = new CommandLine.ITypeConverter<>() {
        @Override
        public Long convert(String text) {
            try {
                return ByteSize.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    };
}
