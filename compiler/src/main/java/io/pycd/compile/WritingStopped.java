package io.pycd.compile;

import java.nio.file.Path;

/**
 * A run stopped writing caches: the file system they go to is full. Every cache not yet written then fails with
 * {@link CompileError.Own#NO_SPACE} without being compiled, so the run finishes its report quickly and says so once.
 *
 * @param cache  the cache whose write found the file system full
 * @param reason the operating system's words ({@code No space left on device})
 */
public record WritingStopped(Path cache, String reason) {
}
