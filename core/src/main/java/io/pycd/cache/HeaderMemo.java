package io.pycd.cache;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The headers of caches read before, each kept with what the cache's lstat gave when it was read: its file (device
 * and inode), size and mtime to the nanosecond. A long-lived pycd (the daemon) is asked again and again whether every
 * cache of a tree is fresh; a cache whose lstat still gives the same file, size and mtime is not opened again. One
 * lstat then stands for an lstat, an open, a read and a close.
 *
 * <p>Every writer of caches (CPython's import, compileall, pycd) replaces a cache by renaming a new file over it: a new
 * inode, read again. Only a cache rewritten in place with the same size and then given back its exact mtime would be
 * taken for the one read before, which nothing does short of doing it on purpose. What cannot be read as a header
 * (missing, a symlink, truncated) is never kept.
 */
public final class HeaderMemo {

    /** Past this many caches the memo starts again (a tree of that size costs its reads once more). */
    private static final int LIMIT = 1 << 18;

    private record Known(FileTime modified, long size, Object fileKey, CacheRead.Header header) {

        boolean describes(BasicFileAttributes attrs) {
            return size == attrs.size() && modified.equals(attrs.lastModifiedTime()) && fileKey.equals(attrs.fileKey());
        }
    }

    private final Map<Path, Known> known = new ConcurrentHashMap<>();

    /** The cache at {@code cache}, as {@link CacheRead#of} reads it, from memory when its lstat has not changed. */
    CacheRead read(Path cache) {
        CacheRead read = CacheRead.of(cache, this::readUnlessKnown);
        if (!(read instanceof CacheRead.Header)) {
            known.remove(cache);
        }
        return read;
    }

    private CacheRead readUnlessKnown(Path cache, BasicFileAttributes attrs) {
        Known k = known.get(cache);
        if (k != null && k.describes(attrs)) {
            return k.header();
        }
        CacheRead read = CacheRead.read(cache, attrs);
        if (read instanceof CacheRead.Header h && attrs.fileKey() != null) {
            if (known.size() >= LIMIT) {
                known.clear();
            }
            known.put(cache, new Known(attrs.lastModifiedTime(), attrs.size(), attrs.fileKey(), h));
        }
        return read;
    }
}
