package io.pycd.cache;

import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.file.Path;

/** A cache could not be written, or pycd refused to write it (a symlink in the way). */
public final class CacheWriteException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Path cache;
    private final boolean outOfSpace;

    /** pycd refused: {@code message} says why. */
    public CacheWriteException(Path cache, String message) {
        super(message);
        this.cache = cache;
        this.outOfSpace = false;
    }

    /** Writing failed: {@code doing} (may be empty) then the reason of {@code cause}. */
    public CacheWriteException(Path cache, String doing, IOException cause) {
        super(doing + IoErrors.describe(cause), cause);
        this.cache = cache;
        this.outOfSpace = IoErrors.isOutOfSpace(cause);
    }

    public Path cache() {
        return cache;
    }

    /** The file system holding the cache is full ({@link IoErrors#isOutOfSpace}). */
    public boolean outOfSpace() {
        return outOfSpace;
    }
}
