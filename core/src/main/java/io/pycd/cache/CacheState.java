package io.pycd.cache;

/** What a cache is, judged against its source and the interpreters pycd targets. */
public sealed interface CacheState {

    /** The states, in the order pycd counts them. */
    enum Kind {
        FRESH("fresh"), STALE("stale"), MISSING("missing"), ORPHANED("orphaned"), WRONG_VERSION("wrong-version"),
        OTHER_VERSION("other-version");

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

    /** The state's name as pycd prints it: fresh, stale, missing, orphaned, wrong-version, other-version. */
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

    /** Its tag belongs to no interpreter in use here: nothing here can run it for this project. */
    record WrongVersion(String tag) implements CacheState {
        @Override
        public Kind kind() {
            return Kind.WRONG_VERSION;
        }
    }

    /**
     * Its tag belongs to an interpreter in use here that is not a target: clean keeps it, status does not judge it
     * (its interpreter's magic number is not asked for).
     *
     * @param tag   its cache tag
     * @param inUse why that version is in use, in words ({@code PATH /usr/bin/python3.11 (3.11.2)})
     */
    record OtherVersion(String tag, String inUse) implements CacheState {
        @Override
        public Kind kind() {
            return Kind.OTHER_VERSION;
        }
    }

    CacheState FRESH = new Fresh();
    CacheState MISSING = new Missing();
    CacheState ORPHAN = new Orphan();
}
