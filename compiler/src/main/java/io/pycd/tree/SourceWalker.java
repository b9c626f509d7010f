package io.pycd.tree;

import io.pycd.cache.CacheNames;
import io.pycd.cache.PycHeader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Finds the Python sources under the given roots. Never follows a symlinked folder (its target is either in the
 * tree already or outside it), so symlink loops cannot happen; skips VCS folders, {@code __pycache__},
 * virtualenvs, {@code node_modules}, {@code .tox}, {@code .nox} and excluded paths. A symlinked {@code .py} file is a
 * source (import would load it), stat'ed through the link.
 */
public final class SourceWalker {

    private final TreeRules rules;
    private final int maxDepth;

    /**
     * @param maxDepth how many folder levels below each root to enter (0: the root's own files only), or -1 for all
     */
    public SourceWalker(TreeRules rules, int maxDepth) {
        this.rules = rules;
        this.maxDepth = maxDepth;
    }

    /**
     * Walks every root (a folder, or a single {@code .py} file). A root that does not exist or cannot be read
     * throws: that is the user's mistake, not the tree's.
     */
    public SourceTree walk(List<Path> roots) throws IOException {
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new NoSuchFileException(root.toString(), null, "no such file or folder");
            }
            if (Files.isDirectory(root) && !Files.isReadable(root)) {
                throw new AccessDeniedException(root.toString(), null, "cannot read folder");
            }
        }
        List<SourceFile> sources = new ArrayList<>();
        List<WalkProblem> problems = new ArrayList<>();
        List<Path> cacheDirs = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                walkFolder(root, sources, problems, cacheDirs);
            } else {
                addFile(root, root.getParent() == null ? Path.of("") : root.getParent(), "", sources, problems, true);
            }
        }
        sources.sort(Comparator.comparingLong(SourceFile::size).reversed().thenComparing(s -> s.path().toString()));
        return new SourceTree(List.copyOf(sources), List.copyOf(problems), List.copyOf(cacheDirs));
    }

    private void walkFolder(Path root, List<SourceFile> sources, List<WalkProblem> problems, List<Path> cacheDirs)
            throws IOException {
        int depth = maxDepth < 0 ? Integer.MAX_VALUE : maxDepth + 1;
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), depth, new FileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                if (CacheNames.isPycacheDir(name)) {
                    cacheDirs.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (TreeRules.isSkippedByName(name) || TreeRules.isVirtualenv(dir)
                        || rules.isExcluded(TreeRules.relative(root, dir), name)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (attrs.isDirectory() || attrs.isSymbolicLink() && Files.isDirectory(file)) {
                    if (attrs.isSymbolicLink()) {
                        problems.add(new WalkProblem(file, "symlinked folder not followed", false));
                    }
                    return FileVisitResult.CONTINUE;
                }
                if (name.endsWith(".py") && !rules.isExcluded(TreeRules.relative(root, file), name)) {
                    addFile(file, root, TreeRules.relative(root, file), sources, problems, false);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (!(e instanceof FileSystemLoopException) && !(e instanceof NoSuchFileException)) {
                    problems.add(new WalkProblem(file, describe(e), true));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    problems.add(new WalkProblem(dir, describe(e), true));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void addFile(Path file, Path root, String relative, List<SourceFile> sources,
                                List<WalkProblem> problems, boolean explicit) {
        String name = file.getFileName().toString();
        if (name.indexOf('\uFFFD') >= 0) {
            problems.add(new WalkProblem(file, "file name is not valid UTF-8; skipped", true));
            return;
        }
        if (explicit && !name.endsWith(".py")) {
            problems.add(new WalkProblem(file, "not a Python source (.py); skipped", true));
            return;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                if (!a.isDirectory()) {
                    problems.add(new WalkProblem(file, "not a regular file; skipped", true));
                }
                return;
            }
            sources.add(new SourceFile(file, root, relative, a.size(), mtimeSeconds(a.lastModifiedTime())));
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                problems.add(new WalkProblem(file, "dangling symlink", true));
            }
        } catch (IOException e) {
            problems.add(new WalkProblem(file, describe(e), true));
        }
    }

    /** A stat's mtime as CPython records it in a timestamp pyc. */
    public static long mtimeSeconds(FileTime time) {
        Instant i = time.toInstant();
        return PycHeader.cpythonMtime(i.getEpochSecond(), i.getNano());
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                ? f.getReason() : e.getMessage();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }
}
