package io.pycd.cache;

/**
 * SipHash as CPython's {@code importlib.util.source_hash} computes it for hash-based pycs: keyed with
 * k0 = the magic number read as a little-endian u32 and k1 = 0; SipHash-2-4 on 3.7–3.10, SipHash-1-3 from 3.11.
 */
public final class SipHash {

    private final int compressionRounds;
    private final int finalizationRounds;

    private SipHash(int compressionRounds, int finalizationRounds) {
        this.compressionRounds = compressionRounds;
        this.finalizationRounds = finalizationRounds;
    }

    public static final SipHash SIPHASH_2_4 = new SipHash(2, 4);
    public static final SipHash SIPHASH_1_3 = new SipHash(1, 3);

    /** The variant {@code source_hash} uses on CPython {@code major.minor}. */
    public static SipHash forVersion(int major, int minor) {
        return major > 3 || (major == 3 && minor >= 11) ? SIPHASH_1_3 : SIPHASH_2_4;
    }

    /** The hash as the little-endian u64 CPython stores in bytes 8–16 of the header. */
    public long hash(long k0, long k1, byte[] data, int length) {
        State s = new State(k0, k1);
        int blocks = length & ~7;
        for (int i = 0; i < blocks; i += 8) {
            s.absorb(littleEndianLong(data, i), compressionRounds);
        }
        long last = ((long) length & 0xFF) << 56;
        for (int i = 0; i < (length & 7); i++) {
            last |= (data[blocks + i] & 0xFFL) << (8 * i);
        }
        s.absorb(last, compressionRounds);
        s.v2 ^= 0xff;
        s.rounds(finalizationRounds);
        return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
    }

    private static final class State {
        long v0;
        long v1;
        long v2;
        long v3;

        State(long k0, long k1) {
            v0 = k0 ^ 0x736f6d6570736575L;
            v1 = k1 ^ 0x646f72616e646f6dL;
            v2 = k0 ^ 0x6c7967656e657261L;
            v3 = k1 ^ 0x7465646279746573L;
        }

        void absorb(long m, int rounds) {
            v3 ^= m;
            rounds(rounds);
            v0 ^= m;
        }

        void rounds(int n) {
            for (int r = 0; r < n; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
        }
    }

    /** {@code importlib.util.source_hash(data)} for an interpreter whose magic (LE u32) is {@code magic}. */
    public long sourceHash(int magic, byte[] data, int length) {
        return hash(Integer.toUnsignedLong(magic), 0, data, length);
    }

    private static long littleEndianLong(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                | (b[i + 7] & 0xFFL) << 56;
    }
}
