package io.pycd.cache;

/** What a cache is, judged against its source and the interpreters pycd targets. */
public sealed interface CacheState {

    /** The states, in the order pycd counts them. */
    enum Kind {
        FRESH("fresh"), STALE("stale"), MISSING("missing"), ORPHANED("orphaned"), WRONG_VERSION("wrong-version");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The state's name as pycd prints it. */
        public String label() {
            return label;
        }
    }

    Kind kind();

    /** The state's name as pycd prints it: fresh, stale, missing, orphaned, wrong-version. */
    default String label() {
        return kind().label();
    }

    /** Import would accept it for the source's current bytes, and it was written the way pycd was asked to. */
    record Fresh() implements CacheState {
        @Override
        public Kind kind() {
            return Kind.FRESH;
        }
    }

    /** It exists but no longer matches the source (or the requested invalidation mode); {@code reason} says how. */
    record Stale(String reason) implements CacheState {
        @Override
        public Kind kind() {
            return Kind.STALE;
        }
    }

    /** A target interpreter has no cache for the source. */
    record Missing() implements CacheState {
        @Override
        public Kind kind() {
            return Kind.MISSING;
        }
    }

    /** Its source is gone. */
    record Orphan() implements CacheState {
        @Override
        public Kind kind() {
            return Kind.ORPHANED;
        }
    }

    /** Its tag belongs to no target interpreter. */
    record WrongVersion(String tag) implements CacheState {
        @Override
        public Kind kind() {
            return Kind.WRONG_VERSION;
        }
    }

    CacheState FRESH = new Fresh();
    CacheState MISSING = new Missing();
    CacheState ORPHAN = new Orphan();
}
