package io.pycd.git.index;

import java.nio.file.Path;

/** The index file exists but cannot be read. */
public final class CorruptIndexException extends Exception {

    public CorruptIndexException(Path index, String reason, Throwable cause) {
        // no advice to delete the index: that throws the staging area away, and the reason may be pycd's own limit
        super("cannot read the index " + index + ": " + reason, cause);
    }
}
