package io.pycd.tree;

import io.pycd.cache.CacheNames;
import io.pycd.cache.PycHeader;
import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.Consumer;

/**
 * Finds the Python sources under the given roots, folders in parallel. Never follows a symlinked folder (its target
 * is either in the tree already or outside it), so symlink loops cannot happen; skips what {@link SourceNames} skips
 * (VCS folders, {@code __pycache__}, virtualenvs, {@code node_modules}, {@code .tox}, {@code .nox}, editors' lock
 * files) and excluded paths. A symlinked {@code .py} file is a source (import would load it), stat'ed through the
 * link.
 */
public final class SourceWalker {

    /** Largest first, then by path (an order that does not depend on which thread found what). */
    private static final Comparator<SourceFile> LARGEST_FIRST = new Comparator<>() { // not a lambda: see WalkProblem
        @Override
        public int compare(SourceFile a, SourceFile b) {
            return a.size() != b.size() ? Long.compare(b.size(), a.size()) : a.path().compareTo(b.path());
        }
    };

    /** Takes nothing: a walk that only returns the tree. */
    private static final Consumer<SourceFile> NOWHERE = new Consumer<>() {
        @Override
        public void accept(SourceFile source) {
        }
    };

    private final WalkFilter filter;

    /**
     * @param maxDepth how many folder levels below each root to enter (0: the root's own files only), or -1 for all
     */
    public SourceWalker(TreeRules rules, int maxDepth) {
        this(WalkFilter.rules(rules, maxDepth));
    }

    public SourceWalker(WalkFilter filter) {
        this.filter = filter;
    }

    /**
     * Walks every root (a folder, or a single {@code .py} file). A root that does not exist, cannot be read, or is a
     * file that is not a Python source throws: that is the user's mistake, not the tree's. Sources come largest
     * first.
     *
     * @throws NotASourceException when a root is a file that {@link SourceNames#isSourceName} refuses
     */
    public SourceTree walk(List<Path> roots) throws IOException {
        return walk(roots, NOWHERE, true);
    }

    /**
     * As {@link #walk(List)}, also handing each source to {@code onSource} as soon as it is found, on the thread
     * that found it (several at once), so that per-file work overlaps the walk. The tree's sources come in the order
     * they were found, not sorted: the caller has seen each one already (sorting them cost a cold start ~4% of a
     * compile with nothing to do).
     */
    public SourceTree walk(List<Path> roots, Consumer<SourceFile> onSource) throws IOException {
        return walk(roots, onSource, false);
    }

    private SourceTree walk(List<Path> roots, Consumer<SourceFile> onSource, boolean largestFirst) throws IOException {
        for (Path root : roots) {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(root, BasicFileAttributes.class); // through a symlink, as the walk goes
            } catch (AccessDeniedException e) {
                // a folder on the way cannot be entered: the path may well exist, and "no such file" would mislead
                throw new AccessDeniedException(root.toString(), null, "permission denied");
            } catch (IOException e) {
                throw new NoSuchFileException(root.toString(), null, "no such file or folder");
            }
            if (attrs.isDirectory()) {
                if (!Files.isReadable(root)) {
                    throw new AccessDeniedException(root.toString(), null, "cannot read folder");
                }
            } else if (!SourceNames.isSourceName(root.getFileName().toString())) {
                throw new NotASourceException(root.toString());
            }
        }
        Walk walk = new Walk(onSource);
        List<Folder> folders = new ArrayList<>();
        List<SourceFile> named = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                folders.add(new Folder(walk, root, root, "", 0));
            } else {
                walk.addExplicitFile(root, named);
            }
        }
        walk.sources.add(named);
        return run(walk, folders, largestFirst);
    }

    /**
     * Walks the folder {@code start} inside the tree rooted at {@code root}, as the walk of {@code root} would see it
     * (depth and paths counted from {@code root}); the folders above {@code start} are not checked.
     */
    public SourceTree walkBelow(Path root, Path start, Consumer<SourceFile> onSource) {
        Walk walk = new Walk(onSource);
        int depth = start.equals(root) ? 0 : root.relativize(start).getNameCount();
        return run(walk, List.of(new Folder(walk, root, start, start.equals(root) ? "" : TreeRules.relative(root, start),
                depth)), true);
    }

    private SourceTree run(Walk walk, List<Folder> folders, boolean largestFirst) {
        if (!folders.isEmpty()) {
            ForkJoinPool pool = new ForkJoinPool(Math.min(4, Runtime.getRuntime().availableProcessors()));
            try {
                pool.invoke(new RecursiveAction() {
                    @Override
                    protected void compute() {
                        invokeAll(folders);
                    }
                });
            } finally {
                pool.shutdown();
            }
        }
        List<SourceFile> sources = new ArrayList<>();
        for (List<SourceFile> found : walk.sources) {
            sources.addAll(found);
        }
        if (largestFirst) {
            sources.sort(LARGEST_FIRST);
        }
        List<WalkProblem> problems = new ArrayList<>(walk.problems);
        problems.sort(WalkProblem.ORDER);
        List<Path> cacheDirs = new ArrayList<>(walk.cacheDirs);
        cacheDirs.sort(Comparator.naturalOrder());
        List<Path> virtualenvs = new ArrayList<>(walk.virtualenvs);
        virtualenvs.sort(Comparator.naturalOrder());
        return new SourceTree(List.copyOf(sources), List.copyOf(problems), List.copyOf(cacheDirs),
                List.copyOf(virtualenvs));
    }

    /** What one walk has found so far; filled from several threads. */
    private final class Walk {
        final Consumer<SourceFile> onSource;
        /**
         * The sources, a list per folder: each folder's task fills its own list, and this queue takes one add per
         * folder, not one per source (its compare-and-set is what a cold start pays most for, interpreted).
         */
        final Queue<List<SourceFile>> sources = new ConcurrentLinkedQueue<>();
        final Queue<WalkProblem> problems = new ConcurrentLinkedQueue<>();
        final Queue<Path> cacheDirs = new ConcurrentLinkedQueue<>();
        final Queue<Path> virtualenvs = new ConcurrentLinkedQueue<>();

        Walk(Consumer<SourceFile> onSource) {
            this.onSource = onSource;
        }

        void found(SourceFile source, List<SourceFile> into) {
            into.add(source);
            onSource.accept(source);
        }

        void addExplicitFile(Path file, List<SourceFile> into) {
            addThroughLink(file, file.getParent() == null ? Path.of("") : file.getParent(), "", into);
        }

        /** A source reached through a symlink (or named directly): stat'ed through the link. */
        void addThroughLink(Path file, Path root, String relative, List<SourceFile> into) {
            if (!SourceNames.isRepresentable(file.getFileName().toString())) {
                problems.add(new WalkProblem(file, "file name is not valid UTF-8; skipped", true));
                return;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    found(new SourceFile(file, root, relative, a.size(), PycHeader.mtimeOf(a.lastModifiedTime()),
                            a.lastModifiedTime(), a.fileKey()), into);
                } else if (!a.isDirectory()) {
                    problems.add(new WalkProblem(file, "not a regular file; skipped", true));
                }
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(file)) {
                    problems.add(new WalkProblem(file, "dangling symlink", true));
                }
            } catch (IOException e) {
                problems.add(new WalkProblem(file, IoErrors.describe(e), true));
            }
        }
    }

    /**
     * One folder: its files are looked at here, its subfolders become tasks of their own. Each entry costs one lstat
     * and the objects of its name; paths below the root are built from the folder's, not by relativizing each entry.
     */
    private final class Folder extends RecursiveAction {
        private final Walk walk;
        private final Path root;
        private final Path dir;
        /** {@code dir} below the root, {@code /}-separated ({@code ""} for the root). */
        private final String relative;
        private final int depth;

        Folder(Walk walk, Path root, Path dir, String relative, int depth) {
            this.walk = walk;
            this.root = root;
            this.dir = dir;
            this.relative = relative;
            this.depth = depth;
        }

        @Override
        protected void compute() {
            List<Folder> subfolders = new ArrayList<>();
            List<SourceFile> found = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    visit(entry, subfolders, found);
                }
            } catch (NoSuchFileException e) {
                // Removed while walking: nothing left to find.
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                IOException cause = e instanceof IOException io ? io : ((java.nio.file.DirectoryIteratorException) e).getCause();
                walk.problems.add(new WalkProblem(dir, IoErrors.describe(cause), true));
            }
            if (!found.isEmpty()) {
                walk.sources.add(found);
            }
            invokeAll(subfolders);
        }

        private String below(String name) {
            return relative.isEmpty() ? name : relative + "/" + name;
        }

        private void visit(Path entry, List<Folder> subfolders, List<SourceFile> found) {
            String name = entry.getFileName().toString();
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                walk.problems.add(new WalkProblem(entry, IoErrors.describe(e), true));
                return;
            }
            if (a.isDirectory()) {
                if (CacheNames.isPycacheDir(name)) {
                    walk.cacheDirs.add(entry);
                } else if (!SourceNames.isRepresentable(name)) {
                    walk.problems.add(new WalkProblem(entry, "folder name is not valid UTF-8; skipped", true));
                } else if (filter.entersFolder(root, entry, name, depth + 1)) {
                    subfolders.add(new Folder(walk, root, entry, below(name), depth + 1));
                } else if (SourceNames.isVirtualenv(entry)) {
                    walk.virtualenvs.add(entry);
                }
            } else if (a.isSymbolicLink()) {
                if (filter.isSource(root, entry, name)) {
                    walk.addThroughLink(entry, root, below(name), found);
                } else if (Files.isDirectory(entry)) {
                    walk.problems.add(new WalkProblem(entry, "symlinked folder not followed", false));
                }
            } else if (a.isRegularFile() && filter.isSource(root, entry, name)) {
                if (!SourceNames.isRepresentable(name)) {
                    walk.problems.add(new WalkProblem(entry, "file name is not valid UTF-8; skipped", true));
                } else {
                    FileTime modified = a.lastModifiedTime();
                    walk.found(new SourceFile(entry, root, below(name), a.size(), PycHeader.mtimeOf(modified),
                            modified, a.fileKey()), found);
                }
            }
        }
    }
}
