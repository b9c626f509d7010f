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
    // A class, not Comparator.comparing (its lambdas are the JDK's, which Java 17's class-data archive cannot hold,
    // so each would be generated at every start) nor a lambda (a call site every start links on Java 17).
    public static final Comparator<StatusEntry> ORDER = new Comparator<>() {
        @Override
        public int compare(StatusEntry a, StatusEntry b) {
            return a.cache().toString().compareTo(b.cache().toString());
        }
    };
}
