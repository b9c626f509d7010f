package io.pycd.compile;

import io.pycd.cache.CacheState;
import java.util.List;

/** Why a source was compiled for an interpreter: what {@code compile -v} says for each cache it wrote. */
public sealed interface CompileReason {

    /** {@code --force}: compiled whatever its caches said. */
    record Forced() implements CompileReason {
    }

    /**
     * Its caches as core's freshness rule found them, one per optimization level in level order: at least one is
     * missing or stale, and every level is written again.
     */
    record Checked(List<CacheState> before) implements CompileReason {
        public Checked {
            before = List.copyOf(before);
        }
    }

    /** Compiled on request without looking at its caches first: watch saw it change. */
    record Requested() implements CompileReason {
    }

    CompileReason FORCED = new Forced();
    CompileReason REQUESTED = new Requested();
}
