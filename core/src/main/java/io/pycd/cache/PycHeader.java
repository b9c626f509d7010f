package io.pycd.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * The 16-byte header of a {@code .pyc} file (PEP 552): magic, flags, then either the source's mtime and size
 * (timestamp pycs) or a SipHash of the source bytes (hash-based pycs).
 *
 * @param magic  the first four bytes read as a little-endian u32 (two version bytes, then {@code \r\n})
 * @param flags  0 timestamp, 1 unchecked hash, 3 checked hash; anything else makes import recompile
 * @param mtime  the source's whole-second mtime, truncated to 32 bits (timestamp pycs only)
 * @param size   the source's size, truncated to 32 bits (timestamp pycs only)
 * @param hash   the source's SipHash as a little-endian u64 (hash-based pycs only)
 */
public record PycHeader(int magic, int flags, long mtime, long size, long hash) {

    public static final int LENGTH = 16;

    public static PycHeader timestamp(int magic, long mtimeSeconds, long size) {
        return new PycHeader(magic, InvalidationMode.TIMESTAMP.flags(), mtimeSeconds & 0xFFFF_FFFFL, size & 0xFFFF_FFFFL, 0);
    }

    public static PycHeader hashBased(int magic, InvalidationMode mode, long sourceHash) {
        if (!mode.hashBased()) {
            throw new IllegalArgumentException("not a hash-based mode: " + mode);
        }
        return new PycHeader(magic, mode.flags(), 0, 0, sourceHash);
    }

    /** Parses a header; empty when fewer than 16 bytes are given (CPython then recompiles). */
    public static Optional<PycHeader> parse(byte[] bytes, int length) {
        return length < LENGTH ? Optional.empty() : Optional.of(of(bytes));
    }

    /**
     * The header in the first 16 bytes of {@code bytes} (there must be 16): four little-endian u32 words, read without
     * a buffer object, as every cache of a tree is read this way.
     */
    static PycHeader of(byte[] bytes) {
        int magic = (int) word(bytes, 0);
        int flags = (int) word(bytes, 4);
        long word1 = word(bytes, 8);
        long word2 = word(bytes, 12);
        InvalidationMode mode = InvalidationMode.fromFlags(flags);
        if (mode != null && mode.hashBased()) {
            return new PycHeader(magic, flags, 0, 0, (word2 << 32) | word1);
        }
        return new PycHeader(magic, flags, word1, word2, 0);
    }

    private static long word(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    /** The mode the flags declare, or null for flags import rejects. */
    public InvalidationMode mode() {
        return InvalidationMode.fromFlags(flags);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(magic).putInt(flags);
        if (mode() != null && mode().hashBased()) {
            b.putLong(hash);
        } else {
            b.putInt((int) mtime).putInt((int) size);
        }
        return b.array();
    }

    /**
     * A source's mtime as CPython records it: {@code int(st_mtime)}, where st_mtime is the double
     * {@code sec + 1e-9 * nsec}. Rounding in that sum makes nanoseconds near a second boundary round up.
     */
    public static long cpythonMtime(long epochSeconds, long nanos) {
        return (long) ((double) epochSeconds + 1e-9 * nanos);
    }

    /** A stat's mtime as CPython records it in a timestamp pyc. */
    public static long mtimeOf(FileTime time) {
        Instant i = time.toInstant();
        return cpythonMtime(i.getEpochSecond(), i.getNano());
    }
}
