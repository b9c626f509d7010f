package io.pycd.cache;

import java.util.Locale;
import java.util.Optional;

/** PEP 552's ways of telling whether a cache matches its source, with the header flag each writes. */
public enum InvalidationMode {
    /** Flags 0: the source's mtime and size are recorded and compared. */
    TIMESTAMP(0),
    /** Flags 3: a SipHash of the source bytes is recorded and checked on every import. */
    CHECKED_HASH(3),
    /** Flags 1: a SipHash is recorded but import never checks it. */
    UNCHECKED_HASH(1);

    private final int flags;

    InvalidationMode(int flags) {
        this.flags = flags;
    }

    public int flags() {
        return flags;
    }

    public boolean hashBased() {
        return this != TIMESTAMP;
    }

    /** The command-line spelling: {@code timestamp}, {@code checked-hash}, {@code unchecked-hash}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static InvalidationMode parse(String text) {
        for (InvalidationMode m : values()) {
            if (m.cliName().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown invalidation mode '" + text + "' (expected timestamp, checked-hash or unchecked-hash)");
    }

    /** py_compile's default: checked-hash when SOURCE_DATE_EPOCH is set (reproducible builds), else timestamp. */
    public static InvalidationMode defaultFor(Optional<String> sourceDateEpoch) {
        return sourceDateEpoch.isPresent() ? CHECKED_HASH : TIMESTAMP;
    }

    /** The mode a header's flags field declares, or null for flags CPython rejects. */
    public static InvalidationMode fromFlags(int flags) {
        for (InvalidationMode m : ALL) {
            if (m.flags == flags) {
                return m;
            }
        }
        return null;
    }

    /** {@link #values()} copies its array on every call; fromFlags runs once per cache read. */
    private static final InvalidationMode[] ALL = values();
}
