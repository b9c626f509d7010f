package io.pycd.status;

import io.pycd.cache.CacheState;
import io.pycd.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * One cache's state.
 *
 * @param cache       the cache file (for a missing cache: where it would be)
 * @param source      its source, or null for an orphan
 * @param interpreter the target interpreter it belongs to, or null for orphans and wrong-version caches
 * @param state       fresh, stale (with why), missing, orphaned or wrong-version
 */
public record StatusEntry(Path cache, Path source, Interpreter interpreter, CacheState state) {

    /** The order status lists caches in: by path. */
    public static final Comparator<StatusEntry> ORDER = Comparator.comparing(e -> e.cache().toString());
}
