package io.pycd.watcher;

import io.pycd.cache.CacheNames;
import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import io.pycd.watcher.filter.TreeFilter;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * One walk of a watched tree (or of a folder in it) with the watcher's filter: the sources with their full stat,
 * the {@code __pycache__} folders, the folders entered. Never follows a symlinked folder; a symlinked {@code .py}
 * is a source, stat'ed through the link, as {@link SourceWalker} does.
 */
record TreeScan(List<Found> sources, List<Path> pycacheDirs, List<Path> folders, List<String> problems) {

    /** A source and the exact mtime seen (the pyc header keeps only whole seconds). */
    record Found(SourceFile file, FileTime mtime, Object fileKey) {
    }

    static TreeScan scan(Path start, TreeFilter filter) {
        List<Found> sources = new ArrayList<>();
        List<Path> pycache = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Path root = filter.root();
        try {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (CacheNames.isPycacheDir(dir.getFileName().toString()) && !dir.equals(root)) {
                                pycache.add(dir);
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (!filter.watchesFolder(dir)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            folders.add(dir);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isDirectory() || !filter.compiles(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            try {
                                BasicFileAttributes a = attrs.isSymbolicLink()
                                        ? Files.readAttributes(file, BasicFileAttributes.class) : attrs;
                                if (a.isRegularFile()) {
                                    sources.add(new Found(new SourceFile(file, root, TreeRules.relative(root, file),
                                            a.size(), SourceWalker.mtimeSeconds(a.lastModifiedTime())),
                                            a.lastModifiedTime(), a.fileKey()));
                                }
                            } catch (IOException e) {
                                // a dangling link or a file gone meanwhile: not a source
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (!(e instanceof java.nio.file.NoSuchFileException)) {
                                problems.add(file + ": " + e.getMessage());
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            problems.add(start + ": " + e.getMessage());
        }
        return new TreeScan(sources, pycache, folders, problems);
    }
}
