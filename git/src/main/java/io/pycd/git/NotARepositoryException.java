package io.pycd.git;

import java.nio.file.Path;

/** The path given is not, and is not inside, a git repository pycd can read. */
public final class NotARepositoryException extends Exception {

    private final transient Path path;

    public NotARepositoryException(Path path, String reason) {
        super(path + ": " + reason);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
