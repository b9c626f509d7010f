package io.pycd.cleaner;

/** What counts as a dead cache. */
public enum CleanMode {
    /** Orphaned, stale, wrong-version, legacy and temp caches; fresh caches of kept versions stay. */
    PRUNE,
    /** Every cache, fresh or not (pyclean's behaviour); sourceless modules still need --sourceless. */
    ALL
}
