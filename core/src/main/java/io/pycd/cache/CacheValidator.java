package io.pycd.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Decides from the 16-byte header whether a cache is fresh, as import would and a little stricter: the size of a
 * timestamp pyc is checked (compileall does not), hash-based pycs are checked in Java with SipHash (compileall
 * always recompiles them), and a cache written in another invalidation mode than the one asked for is stale.
 */
public final class CacheValidator {

    /** Reads the source bytes only when a hash-based header needs them. */
    @FunctionalInterface
    public interface SourceBytes {
        byte[] read() throws IOException;
    }

    private CacheValidator() {
    }

    /**
     * @param cache        the cache file
     * @param magic        the target interpreter's magic (LE u32)
     * @param sipHash      the target interpreter's SipHash variant
     * @param mode         the invalidation mode pycd was asked for
     * @param sourceMtime  the source's mtime in whole seconds
     * @param sourceSize   the source's size
     * @param sourceBytes  the source's bytes, for hash-based pycs
     */
    public static CacheState check(Path cache, int magic, SipHash sipHash, InvalidationMode mode, long sourceMtime,
                                   long sourceSize, SourceBytes sourceBytes) {
        byte[] head = new byte[PycHeader.LENGTH];
        int read;
        long cacheSize;
        try {
            // lstat first: opening a FIFO or device planted at a cache path would block or misbehave.
            BasicFileAttributes attrs = Files.readAttributes(cache, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return new CacheState.Stale(attrs.isSymbolicLink() ? "cache is a symlink" : "cache is not a regular file");
            }
            cacheSize = attrs.size();
            try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(head);
                while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                    // Short reads only happen on odd file systems; read up to 16 bytes.
                }
                read = buffer.position();
            }
        } catch (NoSuchFileException e) {
            return CacheState.MISSING;
        } catch (IOException e) {
            return new CacheState.Stale("cannot read cache: " + e.getMessage());
        }
        PycHeader header = PycHeader.parse(head, read).orElse(null);
        if (header == null) {
            return new CacheState.Stale("header truncated");
        }
        if (cacheSize <= PycHeader.LENGTH) {
            return new CacheState.Stale("no code after the header");
        }
        if (header.magic() != magic) {
            return new CacheState.Stale("magic number of another interpreter build");
        }
        InvalidationMode written = header.mode();
        if (written == null) {
            return new CacheState.Stale("unknown flags " + header.flags());
        }
        if (written != mode) {
            return new CacheState.Stale("written as " + written.cliName() + ", wanted " + mode.cliName());
        }
        if (!mode.hashBased()) {
            if (header.mtime() != (sourceMtime & 0xFFFF_FFFFL)) {
                return new CacheState.Stale("source modified");
            }
            if (header.size() != (sourceSize & 0xFFFF_FFFFL)) {
                return new CacheState.Stale("source size changed");
            }
            return CacheState.FRESH;
        }
        try {
            byte[] source = sourceBytes.read();
            if (sipHash.sourceHash(magic, source, source.length) != header.hash()) {
                return new CacheState.Stale("source hash differs");
            }
            return CacheState.FRESH;
        } catch (IOException e) {
            return new CacheState.Stale("cannot read source: " + e.getMessage());
        }
    }
}
