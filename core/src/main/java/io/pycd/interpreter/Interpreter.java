package io.pycd.interpreter;

import io.pycd.cache.SipHash;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Python interpreter pycd can compile for, with the facts that decide what its caches look like.
 *
 * @param executable     what pycd starts: the interpreter's own {@code sys.executable} (a pyenv shim is resolved
 *                       to the real binary; a virtualenv's python stays the virtualenv's)
 * @param version        {@code major.minor.micro}
 * @param implementation {@code sys.implementation.name}, e.g. {@code cpython}
 * @param cacheTag       {@code sys.implementation.cache_tag}, e.g. {@code cpython-312}
 * @param magic          {@code importlib.util.MAGIC_NUMBER} read as a little-endian u32
 */
public record Interpreter(Path executable, String version, String implementation, String cacheTag, int magic) {

    public int major() {
        return part(0);
    }

    public int minor() {
        return part(1);
    }

    /** The {@code index}th dot-separated number of the version, parsed in place: asked for every cache checked. */
    private int part(int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start = version.indexOf('.', start) + 1;
            if (start == 0) {
                throw new NumberFormatException("no part " + index + " in version " + version);
            }
        }
        int end = version.indexOf('.', start);
        return Integer.parseInt(version, start, end < 0 ? version.length() : end, 10);
    }

    /** {@code 3.12} */
    public String shortVersion() {
        return major() + "." + minor();
    }

    /** Hash-based pycs (PEP 552) exist from 3.7 on. */
    public boolean supportsHashPycs() {
        return major() > 3 || minor() >= 7;
    }

    /** The SipHash variant this version's {@code importlib.util.source_hash} uses. */
    public SipHash sipHash() {
        return SipHash.forVersion(major(), minor());
    }

    /** {@code importlib.util.source_hash(source)} as this interpreter computes it. */
    public long sourceHash(byte[] source, int length) {
        return sipHash().sourceHash(magic, source, length);
    }

    /** The magic number as CPython prints it: the four header bytes in hex, e.g. {@code cb0d0d0a}. */
    public String magicHex() {
        return String.format("%02x%02x%02x%02x", magic & 0xFF, (magic >>> 8) & 0xFF, (magic >>> 16) & 0xFF,
                (magic >>> 24) & 0xFF);
    }

    /** The magic number as {@code importlib} documents it: the two-byte little-endian version word. */
    public int magicNumber() {
        return magic & 0xFFFF;
    }

    @Override
    public String toString() {
        return executable + " (" + version + ", " + cacheTag + ")";
    }

    // equals and hashCode as the record's own, written out: the generated ones link through
    // java.lang.runtime.ObjectMethods on first use, ~30-40 ms of method-handle set-up before a compile's first worker
    // starts (interpreters key the worker pools)

    @Override
    public boolean equals(Object o) {
        return o instanceof Interpreter i && magic == i.magic && Objects.equals(executable, i.executable)
                && Objects.equals(version, i.version) && Objects.equals(implementation, i.implementation)
                && Objects.equals(cacheTag, i.cacheTag);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(executable);
        h = 31 * h + Objects.hashCode(version);
        h = 31 * h + Objects.hashCode(implementation);
        h = 31 * h + Objects.hashCode(cacheTag);
        return 31 * h + magic;
    }
}
