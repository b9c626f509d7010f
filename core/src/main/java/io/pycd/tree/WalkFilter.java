package io.pycd.tree;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which folders a walk enters and which files are sources. {@link #rules} gives {@code pycd compile}'s; the watcher
 * adds git's ignore rules and editors' file names on top of them.
 */
public interface WalkFilter {

    /**
     * @param root  the walk's root
     * @param dir   a folder below it (never a symlink; {@code __pycache__} is never asked about)
     * @param name  its name
     * @param depth its level below the root (1 for the root's own subfolders)
     */
    boolean entersFolder(Path root, Path dir, String name, int depth);

    /**
     * Whether {@code file} (a regular file, or a symlink to be stat'ed through) is a source. A name that is not
     * {@link SourceNames#isRepresentable representable} is reported by the walk instead of found.
     */
    boolean isSource(Path root, Path file, String name);

    /**
     * pycd compile's rules: skips what {@link SourceNames} skips (VCS folders, tool folders, virtualenvs) and
     * excluded paths; sources are {@link SourceNames#isSourceName source names} not excluded (the walk reports
     * those it cannot represent).
     *
     * @param maxDepth folder levels to enter below the root, -1 for all
     */
    static WalkFilter rules(TreeRules rules, int maxDepth) {
        return new WalkFilter() {
            @Override
            public boolean entersFolder(Path root, Path dir, String name, int depth) {
                return (maxDepth < 0 || depth <= maxDepth) && !SourceNames.isSkippedFolder(name)
                        && !excluded(root, dir, name) && !SourceNames.isVirtualenv(dir);
            }

            @Override
            public boolean isSource(Path root, Path file, String name) {
                return SourceNames.isSourceName(name) && !excluded(root, file, name);
            }

            private boolean excluded(Path root, Path path, String name) {
                return !rules.excludes().isEmpty() && rules.isExcluded(TreeRules.relative(root, path), name);
            }
        };
    }

    /**
     * {@link #rules}, with other rules for some roots (an environment's standard library, walked without its test
     * suites): {@code byRoot}'s for the roots it names (as the walk is given them), {@code rules} for the others.
     */
    static WalkFilter perRoot(TreeRules rules, Map<Path, TreeRules> byRoot, int maxDepth) {
        WalkFilter others = rules(rules, maxDepth);
        Map<Path, WalkFilter> filters = new HashMap<>();
        byRoot.forEach((root, r) -> filters.put(root, rules(r, maxDepth)));
        return new WalkFilter() {
            @Override
            public boolean entersFolder(Path root, Path dir, String name, int depth) {
                return filters.getOrDefault(root, others).entersFolder(root, dir, name, depth);
            }

            @Override
            public boolean isSource(Path root, Path file, String name) {
                return filters.getOrDefault(root, others).isSource(root, file, name);
            }
        };
    }
}
