package io.pycd.cache;

import java.nio.file.Path;

/** A cache could not be written, or pycd refused to write it (a symlink in the way). */
public final class CacheWriteException extends Exception {
    private final Path cache;

    public CacheWriteException(Path cache, String message) {
        super(message);
        this.cache = cache;
    }

    public Path cache() {
        return cache;
    }
}
