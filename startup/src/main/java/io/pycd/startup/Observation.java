package io.pycd.startup;

import java.util.List;
import java.util.Optional;

/**
 * What the hook saw of one module importlib compiled at run time: the cache as it was when importlib gave up on it,
 * and what became of the write that followed. {@link Reason#of} judges it.
 *
 * @param found      the cache before the compile
 * @param rejection  why importlib rejected it, in importlib's words ({@code bytecode is stale for 'm'}), when it did
 * @param others     other cache names of this source in the cache's folder ({@code m.cpython-311.pyc})
 * @param beside     with a pycache prefix: whether a cache of this name is in {@code __pycache__} beside the source
 * @param write      what became of the write
 * @param writeError what importlib said when it could not write ({@code could not create '...': PermissionError(...)})
 */
public record Observation(Found found, Optional<String> rejection, List<String> others, boolean beside, Write write,
                          Optional<String> writeError) {

    public Observation {
        others = List.copyOf(others);
    }

    /** The cache when importlib gave up on it. */
    public enum Found {
        /** No file at {@code cache_from_source(source)}. */
        MISSING,
        /** A file importlib read and rejected: bad magic number, flags, mtime or size, hash, truncated header. */
        REJECTED,
        /** A file importlib could not read. */
        UNREADABLE,
        /** {@code cache_from_source} raised: the implementation has no cache tag. */
        NO_CACHE_TAG
    }

    /** What became of the cache import writes after compiling. */
    public enum Write {
        WRITTEN,
        /** set_data gave up: a read-only folder, no permission, a full disk. */
        FAILED,
        /** No error, and no cache: a loader without set_data. */
        NOT_WRITTEN,
        /** {@code sys.dont_write_bytecode}: import never writes caches. */
        DONT_WRITE_BYTECODE
    }
}
