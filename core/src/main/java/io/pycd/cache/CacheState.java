package io.pycd.cache;

/** What a cache is, judged against its source and the interpreters pycd targets. */
public sealed interface CacheState {

    /** The state's name as pycd prints it: fresh, stale, missing, orphaned, wrong-version. */
    String label();

    /** Import would accept it for the source's current bytes, and it was written the way pycd was asked to. */
    record Fresh() implements CacheState {
        @Override
        public String label() {
            return "fresh";
        }
    }

    /** It exists but no longer matches the source (or the requested invalidation mode); {@code reason} says how. */
    record Stale(String reason) implements CacheState {
        @Override
        public String label() {
            return "stale";
        }
    }

    /** A target interpreter has no cache for the source. */
    record Missing() implements CacheState {
        @Override
        public String label() {
            return "missing";
        }
    }

    /** Its source is gone. */
    record Orphan() implements CacheState {
        @Override
        public String label() {
            return "orphaned";
        }
    }

    /** Its tag belongs to no target interpreter. */
    record WrongVersion(String tag) implements CacheState {
        @Override
        public String label() {
            return "wrong-version";
        }
    }

    CacheState FRESH = new Fresh();
    CacheState MISSING = new Missing();
    CacheState ORPHAN = new Orphan();
}
