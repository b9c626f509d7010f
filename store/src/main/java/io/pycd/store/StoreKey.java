package io.pycd.store;

import io.pycd.cache.Sha256;
import io.pycd.cache.SourceDigest;
import io.pycd.interpreter.Interpreter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a store entry is found by: the SHA-256 of everything that changes the bytes CPython compiles a source to.
 * Those are the source's bytes (their digest), the interpreter (implementation, exact version, cache tag and magic
 * number: two builds of one version with different magics compile differently), the optimization levels compiled
 * together, and the file name recorded in the code ({@code co_filename}, so that a copy of a tree at another path
 * does not get the first tree's names). The worker's protocol is in the key too: a pycd that compiles differently
 * never reads an older pycd's entries.
 *
 * @param hex 64 lower-case hex digits
 */
public record StoreKey(String hex) {

    /** Bumped whenever the worker would compile the same source to other code, or the key's fields change. */
    private static final int FORMAT = 1;

    public StoreKey {
        if (!isKey(hex)) {
            throw new IllegalArgumentException("not a store key: " + hex);
        }
    }

    /** 64 lower-case hex digits (a loop, not a stream: the first stream of a run sets up ~20 classes). */
    private static boolean isKey(String hex) {
        if (hex.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param sourceDigest {@link SourceDigest} of the source's bytes
     * @param levels       the optimization levels compiled together, ascending
     * @param dfile        the file name recorded in the code
     */
    public static StoreKey of(String sourceDigest, Interpreter interpreter, List<Integer> levels, String dfile) {
        Sha256 md = SourceDigest.sha256();
        field(md, "pycd-store " + FORMAT);
        field(md, sourceDigest);
        field(md, interpreter.implementation());
        field(md, interpreter.version());
        field(md, interpreter.cacheTag());
        field(md, Integer.toString(interpreter.magic()));
        field(md, levels.toString());
        field(md, dfile);
        return new StoreKey(SourceDigest.hex(md.digest()));
    }

    /** Each field length-prefixed, so that no two different sets of fields hash the same bytes. */
    private static void field(Sha256 md, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        md.update(bytes);
    }

    @Override
    public String toString() {
        return hex;
    }
}
