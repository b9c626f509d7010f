package io.pycd.store;

import java.nio.file.Path;
import java.util.List;

/**
 * What a prune or a clear did.
 *
 * @param removed    entries removed (least recently used first)
 * @param bytesFreed their total size
 * @param entries    entries left
 * @param bytes      their total size
 * @param errors     entries that could not be removed
 */
public record PruneResult(long removed, long bytesFreed, long entries, long bytes, List<Failure> errors) {

    /** A file that could not be removed, and why. */
    public record Failure(Path path, String message) {
    }

    public PruneResult {
        errors = List.copyOf(errors);
    }
}
