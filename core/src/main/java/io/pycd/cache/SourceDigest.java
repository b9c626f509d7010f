package io.pycd.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SHA-256 of a source's bytes, in hex: what the bytecode store finds a module's code by, and what pycd's record
 * of a compile keeps. A cryptographic digest, not a checksum, because two sources with one digest would be given
 * each other's code: a wrong hit is a wrong cache.
 *
 * <p>Measured with pycd's JVM flags (C1 only, class-data sharing): the first {@code MessageDigest} costs ~35–45 ms
 * (the security providers load), then SHA-256 runs at ~100 MB/s (C1 has no SHA intrinsic). A run with nothing to
 * compile never needs it; {@link #warmUp()} starts the providers on a spare thread as soon as something is stale.
 */
public final class SourceDigest {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SourceDigest::newDigest);
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    private SourceDigest() {
    }

    /** The SHA-256 of the first {@code length} bytes of {@code source}, as 64 lower-case hex digits. */
    public static String of(byte[] source, int length) {
        MessageDigest md = sha256();
        md.update(source, 0, length);
        return hex(md.digest());
    }

    /** This thread's SHA-256, reset: for digests of more than one source's bytes (the store's keys). */
    public static MessageDigest sha256() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    /** A digest's bytes as lower-case hex. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Loads the digest's providers on a daemon thread, once, so the first real digest does not wait for them. */
    public static void warmUp() {
        if (WARMING.compareAndSet(false, true)) {
            Thread t = new Thread(SourceDigest::newDigest, "pycd-digest-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
