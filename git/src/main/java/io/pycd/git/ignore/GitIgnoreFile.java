package io.pycd.git.ignore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The patterns of one ignore file ({@code .gitignore}, {@code info/exclude} or {@code core.excludesFile}). */
public final class GitIgnoreFile {

    static final GitIgnoreFile EMPTY = new GitIgnoreFile("", List.of(), 0);

    private final String source;
    private final GitIgnorePattern[] patterns;
    private final int lines;

    private GitIgnoreFile(String source, List<GitIgnorePattern> patterns, int lines) {
        this.source = source;
        this.patterns = patterns.toArray(new GitIgnorePattern[0]);
        this.lines = lines;
    }

    /**
     * Parses an ignore file as git does: a leading UTF-8 BOM is skipped, lines end at LF with one CR before it
     * dropped, {@code #} starts a comment only in the first column, trailing spaces go unless escaped, tabs stay.
     *
     * @param base   the folder holding the file, relative to the root, "" or with a trailing slash
     * @param source the name {@code git check-ignore -v} shows for the file
     */
    public static GitIgnoreFile parse(byte[] content, String base, String source) {
        byte[] baseBytes = base.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<GitIgnorePattern> out = new ArrayList<>();
        int i = 0;
        int n = content.length;
        if (n >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB && (content[2] & 0xff) == 0xBF) {
            i = 3;
        }
        int lineNo = 1;
        int start = i;
        for (; i <= n; i++) {
            boolean end = i == n;
            if (!end && content[i] != '\n') {
                continue;
            }
            if (end && start == n) {
                break; // the file ended with a newline: no last line to add
            }
            int stop = i;
            if (start != stop && content[start] != '#') {
                if (stop > start && content[stop - 1] == '\r') {
                    stop--;
                }
                byte[] line = trimTrailingSpaces(content, start, stop);
                GitIgnorePattern p = GitIgnorePattern.parse(line, baseBytes, source, lineNo);
                if (p != null) {
                    out.add(p);
                }
            }
            lineNo++;
            start = i + 1;
        }
        return new GitIgnoreFile(source, out, lineNo - 1);
    }

    /** git's trim_trailing_spaces: drops trailing ' ' (not tabs), keeps a space escaped by a backslash. */
    private static byte[] trimTrailingSpaces(byte[] b, int from, int to) {
        int lastSpace = -1;
        for (int p = from; p < to; p++) {
            byte c = b[p];
            if (c == ' ') {
                if (lastSpace < 0) {
                    lastSpace = p;
                }
            } else if (c == '\\') {
                p++;
                if (p >= to) {
                    lastSpace = -1;
                    break;
                }
                lastSpace = -1;
            } else {
                lastSpace = -1;
            }
        }
        return Arrays.copyOfRange(b, from, lastSpace >= 0 ? lastSpace : to);
    }

    /** The last pattern matching the path (git's "last match wins"), or null. */
    GitIgnorePattern lastMatch(byte[] path, int pathLen, int basename, boolean isDir, boolean ignoreCase) {
        for (int i = patterns.length - 1; i >= 0; i--) {
            if (patterns[i].matches(path, pathLen, basename, isDir, ignoreCase)) {
                return patterns[i];
            }
        }
        return null;
    }

    public String source() {
        return source;
    }

    public List<GitIgnorePattern> patterns() {
        return List.of(patterns);
    }

    public boolean isEmpty() {
        return patterns.length == 0;
    }
}
