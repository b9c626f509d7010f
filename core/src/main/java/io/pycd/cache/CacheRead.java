package io.pycd.cache;

import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

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
        try {
            BasicFileAttributes attrs = Files.readAttributes(cache, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return new Unusable(attrs.isSymbolicLink() ? "cache is a symlink" : "cache is not a regular file");
            }
            byte[] head = new byte[PycHeader.LENGTH];
            int read;
            try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(head);
                while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                    // Short reads only happen on odd file systems; read up to 16 bytes.
                }
                read = buffer.position();
            }
            return PycHeader.parse(head, read).<CacheRead>map(h -> new Header(h, attrs.size(), attrs.lastModifiedTime()))
                    .orElseGet(Truncated::new);
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (IOException e) {
            return new Unusable("cannot read cache: " + IoErrors.describe(e));
        }
    }
}
