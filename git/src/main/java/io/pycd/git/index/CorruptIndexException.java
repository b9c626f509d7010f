package io.pycd.git.index;

import java.nio.file.Path;

/** The index file exists but cannot be read. */
public final class CorruptIndexException extends Exception {

    public CorruptIndexException(Path index, String reason, Throwable cause) {
        super("cannot read the index " + index + ": " + reason
                + " (git can rebuild it: rm " + index + " && git reset)", cause);
    }
}
