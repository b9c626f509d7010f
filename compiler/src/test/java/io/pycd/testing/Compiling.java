package io.pycd.testing;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.compile.CompileListener;
import io.pycd.compile.CompileReport;
import io.pycd.compile.TreeCompiler;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileMemory;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.StoreLocation;
import io.pycd.settings.WorkerLimits;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Compiling in tests: settings with generous limits, and whole-tree compiles. Interpreters come from {@link Py}. */
public final class Compiling {

    private Compiling() {
    }

    /** Settings with two workers per interpreter and a generous time limit. */
    public static CompileSettings settings(List<Interpreter> interpreters, List<Integer> levels, InvalidationMode mode,
                                           CacheLayout layout, CodeFileNames names, boolean hardlinkDupes) {
        return new CompileSettings(interpreters, levels, mode, layout, names, hardlinkDupes,
                new WorkerLimits(2, Duration.ofSeconds(120), 0), CompileSettings.DEFAULT_MAX_SOURCE_BYTES);
    }

    public static CompileSettings settings(Interpreter interpreter) {
        return settings(List.of(interpreter), List.of(0), InvalidationMode.TIMESTAMP, new CacheLayout.Pycache(),
                CodeFileNames.absolute(), false);
    }

    /** A store and a compile record of their own in {@code dir}, as a user's cache folder holds them. */
    public static CompileMemory remembering(Path dir) {
        return new CompileMemory(Optional.of(dir.resolve("store")), StoreLocation.DEFAULT_MAX_BYTES,
                Optional.of(dir.resolve("record")));
    }

    public static CompileReport compile(CompileSettings settings, Path... roots) {
        return compile(settings, false, roots);
    }

    public static CompileReport compile(CompileSettings settings, boolean force, Path... roots) {
        try {
            return new TreeCompiler(settings, new SourceWalker(TreeRules.none(), -1), force)
                    .compile(List.of(roots), CompileListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
