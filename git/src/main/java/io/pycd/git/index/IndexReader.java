package io.pycd.git.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the paths of a git index (versions 2, 3 and 4) and nothing else.
 *
 * <p>Written for start-up time: a 50,000-entry index is one read and one pass, with no object per field and no
 * checksum over the file (git itself can skip it, {@code index.skipHash}); structural damage is still detected and
 * reported. Writing the index (for {@code --fix}) is left to JGit.
 */
final class IndexReader {

    private static final int GITLINK = 0160000;

    private IndexReader() {
    }

    record Raw(byte[] path, int mode) {
    }

    static List<Raw> read(Path index) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(index);
        } catch (NoSuchFileException e) {
            return List.of(); // no index yet: an empty repository
        }
        if (b.length < 12 + 20 || b[0] != 'D' || b[1] != 'I' || b[2] != 'R' || b[3] != 'C') {
            throw new IOException("bad signature or truncated file");
        }
        int version = int32(b, 4);
        if (version < 2 || version > 4) {
            throw new IOException("unsupported index version " + version);
        }
        int count = int32(b, 8);
        int end = b.length - 20;
        if (count < 0 || count > end / 62) {
            throw new IOException("impossible entry count " + count);
        }
        List<Raw> out = new ArrayList<>(count);
        int p = 12;
        byte[] prev = new byte[0];
        for (int i = 0; i < count; i++) {
            int start = p;
            if (p + 62 > end) {
                throw new IOException("truncated at entry " + i);
            }
            int mode = int32(b, p + 24);
            int flags = ((b[p + 60] & 0xff) << 8) | (b[p + 61] & 0xff);
            p += 62;
            if ((flags & 0x4000) != 0) {
                if (version < 3) {
                    throw new IOException("extended flags in a version 2 index");
                }
                p += 2;
            }
            byte[] path;
            if (version == 4) {
                // the path is the previous one less N trailing bytes, plus a NUL-terminated suffix
                int strip = 0;
                int c;
                int shift = 0;
                do {
                    if (p >= end) {
                        throw new IOException("truncated at entry " + i);
                    }
                    c = b[p++] & 0xff;
                    strip = shift == 0 ? c & 0x7f : ((strip + 1) << 7) | (c & 0x7f);
                    shift++;
                } while ((c & 0x80) != 0);
                int nul = indexOf0(b, p, end);
                if (strip > prev.length || nul < 0) {
                    throw new IOException("bad path at entry " + i);
                }
                int keep = prev.length - strip;
                path = new byte[keep + (nul - p)];
                System.arraycopy(prev, 0, path, 0, keep);
                System.arraycopy(b, p, path, keep, nul - p);
                p = nul + 1;
            } else {
                int nul = indexOf0(b, p, end);
                if (nul < 0) {
                    throw new IOException("bad path at entry " + i);
                }
                path = Arrays.copyOfRange(b, p, nul);
                int len = nul + 1 - start;
                p = start + ((len + 7) & ~7);
            }
            if (path.length == 0) {
                throw new IOException("empty path at entry " + i);
            }
            out.add(new Raw(path, mode));
            prev = path;
        }
        if (p > end) {
            throw new IOException("entries run past the end of the file");
        }
        // extensions: a required one (upper-case first letter means optional) that we do not know is fatal
        while (p + 8 <= end) {
            byte sig = b[p];
            int size = int32(b, p + 4);
            if (size < 0 || p + 8 + size > end) {
                throw new IOException("bad extension");
            }
            if (sig < 'A' || sig > 'Z') {
                String name = new String(b, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                throw new IOException("index extension '" + name + "' is not supported"
                        + (name.equals("link") ? " (split index: git update-index --no-split-index)"
                        : name.equals("sdir") ? " (sparse index: git sparse-checkout disable, or"
                        + " git config index.sparse false)" : ""));
            }
            p += 8 + size;
        }
        return out;
    }

    static boolean isGitlink(int mode) {
        return (mode & 0170000) == GITLINK;
    }

    private static int indexOf0(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int int32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
