package io.pycd.watcher.filter;

import io.pycd.tree.TreeRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

/**
 * Which folders of a git work tree git ignores, with git's precedence: {@code .gitignore} files (deeper wins, last
 * match wins within one), then {@code .git/info/exclude}, then {@code core.excludesFile} (default
 * {@code $XDG_CONFIG_HOME/git/ignore}). A folder under an ignored folder is ignored. Uses JGit's matcher; no git
 * binary is needed. Decisions are cached per folder (bounded by the folders of the tree); {@link #invalidate()}
 * forgets them when a {@code .gitignore} changes.
 */
public final class GitIgnore {

    private static final IgnoreNode EMPTY = new IgnoreNode();

    private final Path workTree;
    private final List<IgnoreNode> outer;
    private final Map<Path, IgnoreNode> nodes = new ConcurrentHashMap<>();
    private final Map<Path, Boolean> decisions = new ConcurrentHashMap<>();

    private GitIgnore(Path workTree, List<IgnoreNode> outer) {
        this.workTree = workTree;
        this.outer = outer;
    }

    /** The rules for the work tree that holds {@code path}, or empty when it is in none. */
    public static Optional<GitIgnore> forTree(Path path) {
        Path start = path.toAbsolutePath().normalize();
        for (Path d = start; d != null; d = d.getParent()) {
            Path dotGit = d.resolve(".git");
            if (Files.exists(dotGit)) {
                Optional<Path> gitDir = GitDirs.gitDir(d);
                List<IgnoreNode> outer = new ArrayList<>();
                gitDir.map(g -> g.resolve("info").resolve("exclude")).map(GitIgnore::load).ifPresent(outer::add);
                globalExcludes().map(GitIgnore::load).ifPresent(outer::add);
                return Optional.of(new GitIgnore(d, List.copyOf(outer)));
            }
        }
        return Optional.empty();
    }

    public Path workTree() {
        return workTree;
    }

    /** Forgets every parsed file and decision. */
    public void invalidate() {
        nodes.clear();
        decisions.clear();
    }

    /** True when git ignores the folder {@code dir} (absolute, normalized), or a folder above it. */
    public boolean isIgnoredDir(Path dir) {
        if (dir.equals(workTree) || !dir.startsWith(workTree)) {
            return false;
        }
        Boolean known = decisions.get(dir);
        if (known != null) {
            return known;
        }
        Path parent = dir.getParent();
        boolean ignored = (parent != null && isIgnoredDir(parent)) || matches(dir, true);
        decisions.put(dir, ignored);
        return ignored;
    }

    private boolean matches(Path path, boolean isDirectory) {
        for (Path d = path.getParent(); d != null && d.startsWith(workTree); d = d.getParent()) {
            IgnoreNode node = nodes.computeIfAbsent(d, x -> {
                IgnoreNode n = load(x.resolve(".gitignore"));
                return n == null ? EMPTY : n;
            });
            if (node != EMPTY) {
                Boolean b = node.checkIgnored(TreeRules.relative(d, path), isDirectory);
                if (b != null) {
                    return b;
                }
            }
        }
        String rel = TreeRules.relative(workTree, path);
        for (IgnoreNode node : outer) {
            Boolean b = node.checkIgnored(rel, isDirectory);
            if (b != null) {
                return b;
            }
        }
        return false;
    }

    private static IgnoreNode load(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(file.toString(), in);
            return node.getRules().isEmpty() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<Path> globalExcludes() {
        try {
            String home = System.getProperty("user.home");
            Path gitconfig = Path.of(home, ".gitconfig");
            if (Files.isRegularFile(gitconfig)) {
                FileBasedConfig config = new FileBasedConfig((Config) null, gitconfig.toFile(), FS.DETECTED);
                config.load();
                String file = config.getString("core", null, "excludesfile");
                if (file != null) {
                    return Optional.of(Path.of(file.startsWith("~/") ? home + file.substring(1) : file));
                }
            }
            String xdg = System.getenv("XDG_CONFIG_HOME");
            Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(home, ".config");
            return Optional.of(base.resolve("git").resolve("ignore"));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Locating a work tree's git folder, also for linked work trees ({@code .git} is a file). */
    public static final class GitDirs {
        private GitDirs() {
        }

        /** The git folder of the work tree at {@code workTree}, if it has one. */
        public static Optional<Path> gitDir(Path workTree) {
            Path dotGit = workTree.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                return Optional.of(dotGit);
            }
            if (Files.isRegularFile(dotGit)) {
                try {
                    String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                    if (text.startsWith("gitdir:")) {
                        Path p = Path.of(text.substring("gitdir:".length()).strip());
                        return Optional.of(workTree.resolve(p).normalize());
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        /** The git folder of the work tree holding {@code path}, searching upwards. */
        public static Optional<Path> enclosing(Path path) {
            for (Path d = path.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"))) {
                    return gitDir(d);
                }
            }
            return Optional.empty();
        }
    }
}
