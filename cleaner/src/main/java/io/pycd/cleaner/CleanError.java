package io.pycd.cleaner;

import java.nio.file.Path;

/** Something that went wrong: an unreadable folder, a file that could not be removed. The run goes on. */
public record CleanError(Path path, String message) {
}
