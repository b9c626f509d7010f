package io.pycd.cleaner;

import java.nio.file.Path;

/**
 * Something clean passed over on purpose, with why: a symlink (never followed, whatever it points to), a
 * virtualenv, a name that is not valid UTF-8, a path that changed between planning and removal.
 */
public record Skipped(Path path, String reason) {
}
