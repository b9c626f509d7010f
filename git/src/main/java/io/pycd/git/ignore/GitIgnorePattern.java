package io.pycd.git.ignore;

import java.nio.charset.StandardCharsets;

/**
 * One pattern line of a git ignore file, parsed the way git's {@code dir.c} parses it.
 *
 * <p>The pattern keeps git's split into a literal prefix and the rest, because git matches that prefix with a plain
 * comparison and hands only the rest to wildmatch: {@code foo**}{@code /bar} therefore matches {@code foobar}
 * (the rest, {@code **}{@code /bar}, begins a component), which a whole-pattern glob would not.
 */
public final class GitIgnorePattern {

    private final byte[] pattern;   // without '!' and without the trailing '/'
    private final boolean negative;
    private final boolean mustBeDir;
    private final boolean noDir;    // no slash: matched against the basename at any depth
    private final boolean endsWith; // "*literal": a suffix comparison
    private final int literalPrefix;
    private final byte[] base;      // folder of the ignore file relative to the root, "" or "a/b/"
    private final String source;
    private final int line;
    private final String text;

    private GitIgnorePattern(byte[] pattern, boolean negative, boolean mustBeDir, boolean noDir, boolean endsWith,
                             int literalPrefix, byte[] base, String source, int line, String text) {
        this.pattern = pattern;
        this.negative = negative;
        this.mustBeDir = mustBeDir;
        this.noDir = noDir;
        this.endsWith = endsWith;
        this.literalPrefix = literalPrefix;
        this.base = base;
        this.source = source;
        this.line = line;
        this.text = text;
    }

    /**
     * Parses a line already stripped of its line end and trailing spaces; null for a line that can never match.
     *
     * @param base   the folder holding the ignore file, relative to the root, with a trailing slash ("" for the root)
     * @param source how {@code git check-ignore -v} names the file
     */
    static GitIgnorePattern parse(byte[] line, byte[] base, String source, int lineNumber) {
        int start = 0;
        int len = line.length;
        boolean negative = false;
        if (len > 0 && line[0] == '!') {
            negative = true;
            start = 1;
        }
        int plen = len - start;
        boolean mustBeDir = false;
        if (plen > 0 && line[start + plen - 1] == '/') {
            plen--;
            mustBeDir = true;
        }
        if (plen == 0) {
            return null; // "", "!" and "/" match nothing in git
        }
        byte[] p = new byte[plen];
        System.arraycopy(line, start, p, 0, plen);
        boolean noDir = true;
        for (byte b : p) {
            if (b == '/') {
                noDir = false;
                break;
            }
        }
        int simple = simpleLength(line, start, len);
        int prefix = Math.min(simple, plen);
        // git tests "*literal" on the pattern text including any trailing slash
        boolean endsWith = line[start] == '*' && simpleLength(line, start + 1, len) == len - start - 1;
        String text = new String(line, StandardCharsets.UTF_8);
        return new GitIgnorePattern(p, negative, mustBeDir, noDir, endsWith, prefix, base, source, lineNumber, text);
    }

    private static int simpleLength(byte[] s, int from, int to) {
        int i = from;
        while (i < to && !Wildmatch.isGlobSpecial(s[i] & 0xff)) {
            i++;
        }
        return i - from;
    }

    /**
     * Does this pattern match the path? The path is relative to the root; {@code basename} is where its last
     * component starts. The caller guarantees the path lies under {@link #base}.
     */
    boolean matches(byte[] path, int pathLen, int basename, boolean isDir, boolean ignoreCase) {
        if (mustBeDir && !isDir) {
            return false;
        }
        if (noDir) {
            return matchBasename(path, basename, pathLen, ignoreCase);
        }
        return matchPathname(path, pathLen, ignoreCase);
    }

    private boolean matchBasename(byte[] path, int from, int to, boolean ignoreCase) {
        int nameLen = to - from;
        int plen = pattern.length;
        if (literalPrefix == plen) {
            return plen == nameLen && regionEquals(pattern, 0, path, from, plen, ignoreCase);
        }
        if (endsWith) {
            return plen - 1 <= nameLen && regionEquals(pattern, 1, path, to - (plen - 1), plen - 1, ignoreCase);
        }
        return Wildmatch.matches(pattern, 0, plen, path, from, to, false, ignoreCase);
    }

    private boolean matchPathname(byte[] path, int pathLen, boolean ignoreCase) {
        int p = 0;
        int plen = pattern.length;
        int prefix = literalPrefix;
        if (pattern[0] == '/') {
            p = 1;
            plen--;
            prefix--;
        }
        int baseLen = base.length == 0 ? 0 : base.length - 1; // without the trailing slash
        if (pathLen < baseLen + 1 || (baseLen > 0 && path[baseLen] != '/')
                || !regionEquals(path, 0, base, 0, baseLen, ignoreCase)) {
            return false;
        }
        int nameLen = baseLen > 0 ? pathLen - baseLen - 1 : pathLen;
        int name = pathLen - nameLen;
        if (prefix > 0) {
            if (prefix > nameLen || !regionEquals(pattern, p, path, name, prefix, ignoreCase)) {
                return false;
            }
            p += prefix;
            plen -= prefix;
            name += prefix;
            nameLen -= prefix;
            if (plen == 0 && nameLen == 0) {
                return true;
            }
        }
        return Wildmatch.matches(pattern, p, p + plen, path, name, name + nameLen, true, ignoreCase);
    }

    private static boolean regionEquals(byte[] a, int aOff, byte[] b, int bOff, int len, boolean ignoreCase) {
        for (int i = 0; i < len; i++) {
            int x = a[aOff + i] & 0xff;
            int y = b[bOff + i] & 0xff;
            if (x != y) {
                if (!ignoreCase || lower(x) != lower(y)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    public boolean negative() {
        return negative;
    }

    /** The file the pattern came from, named as {@code git check-ignore -v} names it. */
    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    /** The pattern as written (after git's trimming), e.g. {@code !*.pyc} or {@code __pycache__/}. */
    public String text() {
        return text;
    }

    /** {@code source:line:pattern}, the form {@code git check-ignore -v} prints. */
    public String describe() {
        return source + ":" + line + ":" + text;
    }

    @Override
    public String toString() {
        return describe();
    }
}
