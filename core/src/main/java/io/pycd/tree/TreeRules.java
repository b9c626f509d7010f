package io.pycd.tree;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Which folders pycd never walks into, and the user's excludes. Shared by every engine so that compile, clean and
 * watch agree on what the tree is.
 */
public final class TreeRules {

    /** Version-control folders: never entered, in any mode. */
    public static final Set<String> VCS_DIRS = Set.of(".git", ".hg", ".svn");

    /** Folders that hold other tools' files, not the project's modules. */
    public static final Set<String> TOOL_DIRS = Set.of("node_modules", ".tox", ".nox");

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

    /** A virtualenv is any folder holding {@code pyvenv.cfg}, whatever its name. */
    public static boolean isVirtualenv(Path dir) {
        return Files.exists(dir.resolve("pyvenv.cfg"), LinkOption.NOFOLLOW_LINKS);
    }

    public static boolean isVcsDir(String name) {
        return VCS_DIRS.contains(name);
    }

    /** True for a folder a source walk skips by name: VCS, {@code __pycache__}, tool folders. */
    public static boolean isSkippedByName(String name) {
        return VCS_DIRS.contains(name) || TOOL_DIRS.contains(name) || "__pycache__".equals(name);
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
        String rel = root.relativize(path).toString();
        return path.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(path.getFileSystem().getSeparator(), "/");
    }
}
