package io.pycd.cache;

import io.pycd.fs.IoErrors;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.function.BiFunction;

/** A cache file as one lstat and one read of its first 16 bytes found it: what {@link Freshness} judges. */
public sealed interface CacheRead {

    /** Nothing at the cache's path. */
    record Missing() implements CacheRead {
    }

    /** Something pycd will not read as a cache (a symlink, a FIFO), or a file it could not read; {@code why} says. */
    record Unusable(String why) implements CacheRead {
    }

    /** A regular file of fewer than 16 bytes: import recompiles it. */
    record Truncated() implements CacheRead {
    }

    /**
     * A regular file with a whole header.
     *
     * @param size     the cache file's size (16 means no code after the header)
     * @param modified the cache file's own mtime
     */
    record Header(PycHeader header, long size, FileTime modified) implements CacheRead {
    }

    /** Reads the cache at {@code cache}: lstat first, so that a FIFO or device planted there is never opened. */
    static CacheRead of(Path cache) {
        return of(cache, null); // not CacheRead::read: a call site every start would link on Java 17
    }

    /**
     * lstat's the cache at {@code cache} and hands what it found to {@code read} (a memory of headers; null:
     * {@link #read}): nothing there, or an lstat that failed, is decided here.
     */
    static CacheRead of(Path cache, BiFunction<Path, BasicFileAttributes, CacheRead> read) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(cache, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (IOException e) {
            return new Unusable("cannot read cache: " + IoErrors.describe(e));
        }
        return read == null ? read(cache, attrs) : read.apply(cache, attrs);
    }

    /** Reads the cache at {@code cache}, which its lstat just described as {@code attrs}. */
    static CacheRead read(Path cache, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
            return new Unusable(attrs.isSymbolicLink() ? "cache is a symlink" : "cache is not a regular file");
        }
        try {
            byte[] head = new byte[PycHeader.LENGTH];
            int read;
            // Every cache of a tree is read here: java.io's stream is one open, one read and one close, where a
            // FileChannel builds an option set, a channel with its interruptible machinery and a native buffer per
            // file. It cannot open with O_NOFOLLOW: the lstat before keeps a planted symlink, FIFO or device from being
            // opened; only a swap racing the two calls, by someone who can write this folder, could make it read
            // another file.
            try (FileInputStream in = new FileInputStream(cache.toString())) {
                read = in.readNBytes(head, 0, PycHeader.LENGTH);
            }
            return read < PycHeader.LENGTH ? new Truncated()
                    : new Header(PycHeader.of(head), attrs.size(), attrs.lastModifiedTime());
        } catch (FileNotFoundException e) {
            // java.io says "not found" for every reason it could not open: gone meanwhile, or not readable
            return Files.exists(cache, LinkOption.NOFOLLOW_LINKS)
                    ? new Unusable("cannot read cache: " + IoErrors.describe(e)) : new Missing();
        } catch (IOException e) {
            return new Unusable("cannot read cache: " + IoErrors.describe(e));
        }
    }
}
