package io.pycd.cache;

import java.util.HexFormat;

/**
 * The SHA-256 of a source's bytes, in hex: what the bytecode store finds a module's code by, and what pycd's record
 * of a compile keeps. A cryptographic digest, not a checksum, because two sources with one digest would be given
 * each other's code: a wrong hit is a wrong cache. Computed by {@link Sha256}, not the JDK's {@code MessageDigest},
 * whose security providers cost each run that meets an edited module ~40-60 ms before its first digest.
 */
public final class SourceDigest {

    private static final ThreadLocal<Sha256> SHA256 = ThreadLocal.withInitial(Sha256::new);

    private SourceDigest() {
    }

    /** The SHA-256 of the first {@code length} bytes of {@code source}, as 64 lower-case hex digits. */
    public static String of(byte[] source, int length) {
        Sha256 md = sha256();
        md.update(source, 0, length);
        return hex(md.digest());
    }

    /** This thread's SHA-256, reset: for digests of more than one source's bytes (the store's keys). */
    public static Sha256 sha256() {
        return SHA256.get().reset();
    }

    /** A digest's bytes as lower-case hex. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
