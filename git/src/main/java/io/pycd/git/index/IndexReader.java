package io.pycd.git.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the paths of a git index (versions 2, 3 and 4) and nothing else, including a split index (its
 * {@code link} extension names a shared index, whose entries it deletes and replaces) and a sparse index (its
 * {@code sdir} extension allows folder entries standing for whole trees).
 *
 * <p>Written for start-up time: a 50,000-entry index is one read and one pass, with no object per field and no
 * checksum over the file (git itself can skip it, {@code index.skipHash}); structural damage is still detected and
 * reported. Writing the index (for {@code --fix}) is left to JGit.
 */
final class IndexReader {

    private static final int GITLINK = 0160000;
    private static final int TREE = 0040000;

    private IndexReader() {
    }

    /**
     * One entry.
     *
     * @param treeId for a sparse index's folder entry ({@link #isSparseFolder}), the tree it stands for; else null
     */
    record Raw(byte[] path, int mode, int stage, byte[] treeId) {
    }

    /** What one index file holds: its entries, the split index's link when there is one, whether it is sparse. */
    private record Parsed(List<Raw> entries, Link link, boolean sparse) {
    }

    /** The forms git writes an index in. */
    enum Form { FULL, SPLIT, SPARSE }

    /** The form of the index at {@code index} (a missing index is a full one, empty). */
    static Form form(Path index) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(index);
        } catch (NoSuchFileException e) {
            return Form.FULL;
        }
        Parsed p = parse(b, true);
        return p.link != null ? Form.SPLIT : p.sparse ? Form.SPARSE : Form.FULL;
    }

    /** The {@code link} extension: the shared index, and which of its entries this file deletes and replaces. */
    private record Link(String sharedIndex, Bitmap delete, Bitmap replace) {
    }

    /**
     * Reads the index at {@code index}; a split index's shared part is looked for in {@code sharedIndexDirs}, in
     * order (git writes it beside the index, in the repository's own git folder).
     */
    static List<Raw> read(Path index, List<Path> sharedIndexDirs) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(index);
        } catch (NoSuchFileException e) {
            return List.of(); // no index yet: an empty repository
        }
        Parsed own = parse(b, true);
        if (own.link == null) {
            return own.entries;
        }
        Path shared = null;
        for (Path dir : sharedIndexDirs) {
            Path p = dir.resolve("sharedindex." + own.link.sharedIndex);
            if (Files.isRegularFile(p)) {
                shared = p;
                break;
            }
        }
        if (shared == null) {
            throw new IOException("split index: its shared index sharedindex." + own.link.sharedIndex
                    + " is missing");
        }
        Parsed base = parse(Files.readAllBytes(shared), false);
        if (base.link != null) {
            throw new IOException("split index: " + shared + " is itself split");
        }
        return merge(base.entries, own.entries, own.link);
    }

    /**
     * git's {@code merge_base_index}: each shared entry whose bit is set in the replace bitmap takes the next entry
     * of the split file (keeping the shared entry's path when that one's is empty), each whose bit is set in the
     * delete bitmap goes, and the split file's remaining entries are added; the result sorted as an index is.
     */
    private static List<Raw> merge(List<Raw> shared, List<Raw> split, Link link) throws IOException {
        List<Raw> out = new ArrayList<>(shared.size() + split.size());
        int next = 0;
        for (int i = 0; i < shared.size(); i++) {
            Raw s = shared.get(i);
            if (link.replace.get(i)) {
                if (next >= split.size()) {
                    throw new IOException("split index: more replaced entries than the file holds");
                }
                Raw r = split.get(next++);
                s = r.path.length == 0 ? new Raw(s.path, r.mode, r.stage, r.treeId) : r;
            }
            if (!link.delete.get(i)) {
                out.add(s);
            }
        }
        for (; next < split.size(); next++) {
            Raw r = split.get(next);
            if (r.path.length == 0) {
                throw new IOException("split index: an added entry has no path");
            }
            out.add(r);
        }
        out.sort((x, y) -> {
            int c = Arrays.compareUnsigned(x.path, y.path);
            return c != 0 ? c : Integer.compare(x.stage, y.stage);
        });
        return out;
    }

    private static Parsed parse(byte[] b, boolean mayLink) throws IOException {
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
        boolean emptyPaths = false;
        boolean folders = false;
        for (int i = 0; i < count; i++) {
            int start = p;
            if (p + 62 > end) {
                throw new IOException("truncated at entry " + i);
            }
            int mode = int32(b, p + 24);
            int flags = ((b[p + 60] & 0xff) << 8) | (b[p + 61] & 0xff);
            byte[] id = (mode & 0170000) == TREE ? Arrays.copyOfRange(b, p + 40, p + 60) : null;
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
            emptyPaths |= path.length == 0; // a split index's replaced entries may leave the path to the shared one
            folders |= id != null;
            out.add(new Raw(path, mode, (flags >> 12) & 3, id));
            prev = path;
        }
        if (p > end) {
            throw new IOException("entries run past the end of the file");
        }
        // extensions: a required one (upper-case first letter means optional) that we do not know is fatal
        Link link = null;
        boolean sparse = false;
        while (p + 8 <= end) {
            byte sig = b[p];
            String name = new String(b, p, 4, StandardCharsets.ISO_8859_1);
            int size = int32(b, p + 4);
            if (size < 0 || p + 8 + size > end) {
                throw new IOException("bad extension");
            }
            if (name.equals("link") && mayLink) {
                link = link(b, p + 8, p + 8 + size);
            } else if (name.equals("sdir")) {
                sparse = true;
            } else if (sig < 'A' || sig > 'Z') {
                throw new IOException("index extension '" + name + "' is not supported by pycd");
            }
            p += 8 + size;
        }
        if (emptyPaths && link == null) {
            throw new IOException("an entry has an empty path");
        }
        if (folders && !sparse) {
            throw new IOException("a folder entry in an index that is not sparse");
        }
        return new Parsed(out, link, sparse);
    }

    private static Link link(byte[] b, int from, int to) throws IOException {
        if (to - from < 20) {
            throw new IOException("split index: bad link extension");
        }
        StringBuilder hex = new StringBuilder(40);
        boolean zero = true;
        for (int i = from; i < from + 20; i++) {
            hex.append(String.format("%02x", b[i] & 0xff));
            zero &= b[i] == 0;
        }
        if (zero) {
            return null; // no shared index: the file holds every entry
        }
        int[] at = {from + 20};
        Bitmap delete = Bitmap.read(b, at, to);
        Bitmap replace = Bitmap.read(b, at, to);
        return new Link(hex.toString(), delete, replace);
    }

    /** A bitmap in git's EWAH encoding ({@code ewah/ewah_io.c}), decoded into plain words. */
    private record Bitmap(long[] words) {

        boolean get(int bit) {
            int w = bit >>> 6;
            return w < words.length && (words[w] & (1L << (bit & 63))) != 0;
        }

        /**
         * Reads {@code bit count, word count, words..., position of the last run-length word}; each run-length
         * word says how many words of all 0 or all 1 bits come (bits 1-32, the bit value in bit 0) and then how
         * many literal words follow it (bits 33-63).
         */
        static Bitmap read(byte[] b, int[] at, int to) throws IOException {
            int p = at[0];
            if (p + 8 > to) {
                throw new IOException("split index: truncated bitmap");
            }
            int bits = int32(b, p);
            int count = int32(b, p + 4);
            p += 8;
            if (bits < 0 || count < 0 || p + 8L * count + 4 > to) {
                throw new IOException("split index: bad bitmap");
            }
            long[] raw = new long[count];
            for (int i = 0; i < count; i++) {
                raw[i] = ((long) int32(b, p) << 32) | (int32(b, p + 4) & 0xffffffffL);
                p += 8;
            }
            p += 4;
            at[0] = p;
            long[] words = new long[(bits + 63) >>> 6];
            int w = 0;
            for (int i = 0; i < count; ) {
                long rlw = raw[i++];
                boolean fill = (rlw & 1) != 0;
                long run = (rlw >>> 1) & 0xffffffffL;
                int literals = (int) (rlw >>> 33);
                for (long k = 0; k < run; k++, w++) {
                    if (w < words.length && fill) {
                        words[w] = -1L;
                    }
                }
                for (int k = 0; k < literals; k++, w++) {
                    if (i >= count) {
                        throw new IOException("split index: bitmap ends inside a literal run");
                    }
                    long lit = raw[i++];
                    if (w < words.length) {
                        words[w] = lit;
                    }
                }
            }
            return new Bitmap(words);
        }
    }

    static boolean isGitlink(int mode) {
        return (mode & 0170000) == GITLINK;
    }

    /** A sparse index's folder entry: a whole tree outside the sparse checkout, recorded as one entry. */
    static boolean isSparseFolder(Raw r) {
        return r.treeId != null;
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
