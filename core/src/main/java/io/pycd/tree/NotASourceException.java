package io.pycd.tree;

import java.nio.file.FileSystemException;

/**
 * A file given as a PATH is not a Python source ({@link SourceNames#isSourceName}): a usage error, as a PATH that does
 * not exist is, rather than a failure of the tree.
 */
public final class NotASourceException extends FileSystemException {

    private static final long serialVersionUID = 1L;

    public NotASourceException(String file) {
        super(file, null, "not a Python source");
    }
}
