package io.pycd.tree;

import java.nio.file.Path;
import java.util.List;

/**
 * The user's excludes ({@code --exclude}, {@code [tool.pycd] exclude}). What pycd leaves out whatever the user says
 * is {@link SourceNames}'.
 */
public final class TreeRules {

    private final List<Glob> excludes;

    public TreeRules(List<Glob> excludes) {
        this.excludes = List.copyOf(excludes);
    }

    public static TreeRules none() {
        return new TreeRules(List.of());
    }

    public List<Glob> excludes() {
        return excludes;
    }

    /** True when an exclude pattern matches this path (relative to its tree's root, {@code /}-separated). */
    public boolean isExcluded(String relativePath, String name) {
        for (Glob g : excludes) {
            if (g.matches(relativePath, name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code a/b/c.py} for a path below {@code root}, with {@code /} whatever the platform. */
    public static String relative(Path root, Path path) {
        String separator = path.getFileSystem().getSeparator();
        if (!separator.equals("/")) {
            return root.relativize(path).toString().replace(separator, "/");
        }
        // A path below the root as written: the text after the root's, which is what relativize gives, without its
        // walk over every name of both (a third of what a daemon's answer spent in Java).
        String r = root.toString();
        String p = path.toString();
        if (!r.isEmpty() && p.startsWith(r)) {
            if (r.endsWith("/")) {
                return p.substring(r.length());
            }
            if (p.length() > r.length() && p.charAt(r.length()) == '/') {
                return p.substring(r.length() + 1);
            }
        }
        return root.relativize(path).toString();
    }
}
