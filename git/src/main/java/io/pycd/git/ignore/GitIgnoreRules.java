package io.pycd.git.ignore;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The effective ignore rules of one working tree, evaluated as {@code git check-ignore --no-index} does.
 *
 * <p>Precedence: the {@code .gitignore} files from the path's own folder up to the root (deeper wins), then
 * {@code info/exclude}, then {@code core.excludesFile}; inside one file the last matching line wins. A path under
 * an excluded folder is excluded by that folder's rule whatever follows ({@code d/} then {@code !d/x} keeps
 * {@code d/x} ignored), and git never reads the {@code .gitignore} of an excluded folder.
 *
 * <p>Folder states are computed once and cached, so evaluating every folder of a large tree costs one pass over
 * each folder's own rules. Safe to share between threads: a folder state is a pure function of the files on
 * disk, so two threads computing the same one at once agree, and either result may be kept.
 */
public final class GitIgnoreRules {

    /** What decided a path, if anything. */
    public record Decision(boolean ignored, GitIgnorePattern pattern, String excludedFolder) {
        static final Decision NONE = new Decision(false, null, null);

        /** The rule that decided, as {@code git check-ignore -v} prints it, or empty when no rule matched. */
        public String rule() {
            return pattern == null ? "" : pattern.describe();
        }
    }

    private final Function<String, GitIgnoreFile> perFolder;
    private final List<GitIgnoreFile> global;
    private final boolean ignoreCase;
    private final Map<String, Folder> folders = new ConcurrentHashMap<>();
    private final Folder root;

    /**
     * @param perFolder loads the {@code .gitignore} of a folder given relative to the root ("" for the root,
     *                  else without a trailing slash); returns {@link #empty()} when there is none
     * @param global    {@code info/exclude} then {@code core.excludesFile}, in that order
     * @param ignoreCase {@code core.ignorecase}
     */
    public GitIgnoreRules(Function<String, GitIgnoreFile> perFolder, List<GitIgnoreFile> global, boolean ignoreCase) {
        this.perFolder = perFolder;
        this.global = List.copyOf(global);
        this.ignoreCase = ignoreCase;
        this.root = new Folder(null, Objects.requireNonNull(perFolder.apply("")), null, null);
        folders.put("", root);
    }

    public static GitIgnoreFile empty() {
        return GitIgnoreFile.EMPTY;
    }

    public boolean ignoreCase() {
        return ignoreCase;
    }

    /** One folder: its own rules, and the rule excluding it (with the excluded ancestor) if it is excluded. */
    private static final class Folder {
        final Folder parent;
        final GitIgnoreFile own;
        final GitIgnorePattern excludedBy;
        final String excludedFolder;

        Folder(Folder parent, GitIgnoreFile own, GitIgnorePattern excludedBy, String excludedFolder) {
            this.parent = parent;
            this.own = own;
            this.excludedBy = excludedBy;
            this.excludedFolder = excludedFolder;
        }
    }

    /** Is the path (relative to the root, '/'-separated) ignored? */
    public boolean isIgnored(String path, boolean isDir) {
        return check(path, isDir).ignored();
    }

    public Decision check(String path, boolean isDir) {
        return check(path.getBytes(StandardCharsets.UTF_8), isDir);
    }

    /** Checks a path given as raw bytes, as git stores it (names need not be UTF-8). */
    public Decision check(byte[] path, boolean isDir) {
        int len = path.length;
        int slash = lastSlash(path, len);
        Folder parent = slash < 0 ? root : folder(path, slash);
        if (parent.excludedBy != null) {
            return new Decision(true, parent.excludedBy, parent.excludedFolder);
        }
        GitIgnorePattern p = match(parent, path, len, slash + 1, isDir);
        return p == null ? Decision.NONE : new Decision(!p.negative(), p, null);
    }

    /** Is the folder excluded, by its own rule or an ancestor's? Cached. */
    public boolean isFolderExcluded(String folder) {
        if (folder.isEmpty() || folder.equals(".")) {
            return false;
        }
        byte[] b = folder.getBytes(StandardCharsets.UTF_8);
        return folder(b, b.length).excludedBy != null;
    }

    private static int lastSlash(byte[] path, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (path[i] == '/') {
                return i;
            }
        }
        return -1;
    }

    /** The state of the folder {@code path[0..len)}, computing its ancestors first. */
    private Folder folder(byte[] path, int len) {
        String key = new String(path, 0, len, StandardCharsets.ISO_8859_1);
        Folder f = folders.get(key);
        if (f != null) {
            return f;
        }
        int slash = lastSlash(path, len);
        Folder parent = slash < 0 ? root : folder(path, slash);
        if (parent.excludedBy != null) {
            f = new Folder(parent, GitIgnoreFile.EMPTY, parent.excludedBy, parent.excludedFolder);
        } else {
            GitIgnorePattern p = match(parent, path, len, slash + 1, true);
            if (p != null && !p.negative()) {
                f = new Folder(parent, GitIgnoreFile.EMPTY, p, new String(path, 0, len, StandardCharsets.UTF_8));
            } else {
                String rel = new String(path, 0, len, StandardCharsets.UTF_8);
                f = new Folder(parent, Objects.requireNonNull(perFolder.apply(rel)), null, null);
            }
        }
        Folder raced = folders.putIfAbsent(key, f);
        return raced != null ? raced : f;
    }

    /** git's last_matching_pattern_from_lists: folder files deepest first, then the global files. */
    private GitIgnorePattern match(Folder from, byte[] path, int len, int basename, boolean isDir) {
        for (Folder f = from; f != null; f = f.parent) {
            if (!f.own.isEmpty()) {
                GitIgnorePattern p = f.own.lastMatch(path, len, basename, isDir, ignoreCase);
                if (p != null) {
                    return p;
                }
            }
        }
        for (GitIgnoreFile g : global) {
            GitIgnorePattern p = g.lastMatch(path, len, basename, isDir, ignoreCase);
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
