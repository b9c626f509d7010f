package io.pycd.status;

import io.pycd.cache.CacheState;
import io.pycd.cache.Freshness;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The caches one source should have for one interpreter (one per configured level, in the configured layout), each
 * with its state: what compile and watch decide to compile from, and what status lists.
 */
public final class SourceStatus {

    private SourceStatus() {
    }

    /** One entry per configured level, in level order. */
    public static List<StatusEntry> of(CompileSettings settings, Freshness freshness, Path source,
                                       Interpreter interpreter, Freshness.Source compared) {
        Freshness.Expected expected = Freshness.Expected.of(interpreter.magic(), interpreter.sipHash());
        List<StatusEntry> entries = new ArrayList<>(settings.optimizeLevels().size());
        for (int level : settings.optimizeLevels()) {
            Path cache = settings.cacheOf(source, interpreter, level);
            entries.add(new StatusEntry(cache, source, interpreter, freshness.check(cache, expected, compared)));
        }
        return entries;
    }

    /**
     * True when every cache {@link #of} lists is fresh: what compile and watch ask of every source, answered without
     * listing the caches, and from the first one that is not fresh.
     */
    public static boolean allFresh(CompileSettings settings, Freshness freshness, Path source, Interpreter interpreter,
                                   Freshness.Source compared) {
        Freshness.Expected expected = Freshness.Expected.of(interpreter.magic(), interpreter.sipHash());
        for (int level : settings.optimizeLevels()) {
            if (!(freshness.check(settings.cacheOf(source, interpreter, level), expected, compared)
                    instanceof CacheState.Fresh)) {
                return false;
            }
        }
        return true;
    }

    /** True when every entry is fresh: nothing to compile. */
    public static boolean allFresh(List<StatusEntry> entries) {
        for (StatusEntry e : entries) {
            if (!(e.state() instanceof CacheState.Fresh)) {
                return false;
            }
        }
        return true;
    }
}
