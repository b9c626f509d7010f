package io.pycd.watcher.filter;

import io.pycd.tree.SourceNames;
import io.pycd.tree.TreeRules;
import io.pycd.tree.WalkFilter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a watcher watches and compiles under one root: the same rules as {@code pycd compile} (VCS folders,
 * {@code __pycache__}, virtualenvs, {@code node_modules}, {@code .tox}, {@code .nox}, excludes, {@code --max-depth}),
 * plus folders git ignores when asked. Pure decisions on names, except the virtualenv test (one stat of
 * {@code pyvenv.cfg}) and the ignore files read once per folder.
 */
public final class TreeFilter implements WalkFilter {

    private final Path root;
    private final TreeRules rules;
    private final int maxDepth;
    private final Optional<GitIgnoredFolders> git;

    /**
     * @param root absolute, normalized
     */
    public TreeFilter(Path root, TreeRules rules, int maxDepth, Optional<GitIgnoredFolders> git) {
        this.root = root;
        this.rules = rules;
        this.maxDepth = maxDepth;
        this.git = git;
    }

    public Path root() {
        return root;
    }

    public Optional<GitIgnoredFolders> git() {
        return git;
    }

    @Override
    public boolean entersFolder(Path walkRoot, Path dir, String name, int depth) {
        return watchesFolder(dir);
    }

    @Override
    public boolean isSource(Path walkRoot, Path file, String name) {
        // as compile's rules: a name that is not valid UTF-8 is the walk's to report, not to pass over in silence
        return SourceNames.isSourceName(name) && inTree(file, name);
    }

    /** Whether the folder {@code dir} (the root, or below it) is watched and walked. */
    public boolean watchesFolder(Path dir) {
        if (dir.equals(root)) {
            return true;
        }
        if (!dir.startsWith(root)) {
            return false;
        }
        String name = dir.getFileName().toString();
        if (SourceNames.isSkippedFolder(name)) {
            return false;
        }
        String rel = TreeRules.relative(root, dir);
        if (maxDepth >= 0 && depth(rel) > maxDepth) {
            return false;
        }
        if (rules.isExcluded(rel, name) || SourceNames.isVirtualenv(dir)) {
            return false;
        }
        return git.map(g -> !g.isIgnored(dir)).orElse(true);
    }

    /**
     * Whether every folder from {@code dir} up to the root is still watched: a folder can become a virtualenv
     * ({@code pyvenv.cfg} written after it was created) or be excluded after it was registered.
     */
    public boolean watchesFolderAndParents(Path dir) {
        for (Path d = dir; d != null && d.startsWith(root); d = d.getParent()) {
            if (!watchesFolder(d)) {
                return false;
            }
            if (d.equals(root)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file of this name can be a source: {@link SourceNames#isSource}, the rule every command uses. */
    public static boolean isSourceName(String name) {
        return SourceNames.isSource(name);
    }

    /** Whether the file {@code file}, in a watched folder, is a source to compile. */
    public boolean compiles(Path file) {
        String name = file.getFileName().toString();
        return isSourceName(name) && inTree(file, name);
    }

    /** Whether {@code file} (named {@code name}) is under the root and not excluded. */
    private boolean inTree(Path file, String name) {
        return file.startsWith(root) && !rules.isExcluded(TreeRules.relative(root, file), name);
    }

    private static int depth(String rel) {
        int d = 1;
        for (int i = 0; i < rel.length(); i++) {
            if (rel.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }
}
