package io.pycd.cache;

import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A source as pycd saw it when it compiled a cache from it, kept in pycd's record of what it wrote. A timestamp pyc
 * keeps whole seconds, so an edit of the same size within the second of a compile leaves a header that still
 * matches; this, with the nanoseconds, the file's identity and a digest of the bytes, tells that edit apart.
 *
 * @param mtimeNanos the source's exact mtime, in nanoseconds since the epoch
 * @param size       its size
 * @param fileKey    its identity (device and inode) as the JDK prints it, or {@code ""} when unknown
 * @param digest     the {@link SourceDigest} of the bytes compiled
 */
public record CompiledFrom(long mtimeNanos, long size, String fileKey, String digest) {

    /** A stat's exact mtime in nanoseconds since the epoch. */
    public static long nanos(FileTime time) {
        Instant i = time.toInstant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    /** A stat's file key as this record keeps it. */
    public static String key(Object fileKey) {
        return fileKey == null ? "" : fileKey.toString();
    }

    /** The whole-second mtime a timestamp pyc written for this source holds. */
    public long headerMtime() {
        return PycHeader.cpythonMtime(Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L));
    }
}
