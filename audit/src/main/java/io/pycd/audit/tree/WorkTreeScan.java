package io.pycd.audit.tree;

import io.pycd.git.index.TrackedFiles;
import io.pycd.git.ignore.GitIgnoreRules;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One walk of a working tree: the folders holding Python sources (tracked, untracked or ignored) and the
 * Dockerfiles.
 *
 * <p>Folders the git rules exclude are skipped whole (a cache inside is ignored with them), as are {@code .git},
 * {@code __pycache__} and nested repositories (their own audit). Entry types come from the index where it knows
 * them, so a tracked tree is walked with one directory read per folder and no {@code stat} per file.
 *
 * @param sourceFolders folder ("" for the root) to the first module name in it, sorted by folder
 * @param dockerfiles   repository-relative paths of {@code Dockerfile}s and {@code Containerfile}s
 * @param unreadable    folders that could not be listed
 */
public record WorkTreeScan(SortedMap<String, String> sourceFolders, List<String> dockerfiles,
                           List<String> unreadable) {

    /** File names that define a container build. */
    public static boolean isContainerfile(String name) {
        return name.equals("Dockerfile") || name.equals("Containerfile");
    }

    /** Folders listed in parallel: directory reads are system calls, and two cores halve the wall time. */
    private static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    public static WorkTreeScan scan(Path workTree, GitIgnoreRules rules, TrackedFiles tracked) {
        Walker w = new Walker(workTree.toFile(), rules, tracked);
        if (THREADS == 1) {
            w.walk(w.root, "", null);
        } else {
            ForkJoinPool pool = new ForkJoinPool(THREADS);
            try {
                pool.invoke(new Task(w, w.root, ""));
            } finally {
                pool.shutdown();
            }
        }
        List<String> dockerfiles = new ArrayList<>(w.dockerfiles);
        dockerfiles.sort(null);
        List<String> unreadable = new ArrayList<>(w.unreadable);
        unreadable.sort(null);
        return new WorkTreeScan(new TreeMap<>(w.sources), dockerfiles, unreadable);
    }

    private static final class Task extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Walker walker;
        private final transient File dir;
        private final String rel;

        Task(Walker walker, File dir, String rel) {
            this.walker = walker;
            this.dir = dir;
            this.rel = rel;
        }

        @Override
        protected void compute() {
            List<Task> forks = new ArrayList<>();
            walker.walk(dir, rel, forks);
            invokeAll(forks);
        }
    }

    private static final class Walker {
        final File root;
        final GitIgnoreRules rules;
        final TrackedFiles tracked;
        final Map<String, String> sources;
        final Queue<String> dockerfiles = new ConcurrentLinkedQueue<>();
        final Queue<String> unreadable = new ConcurrentLinkedQueue<>();

        Walker(File root, GitIgnoreRules rules, TrackedFiles tracked) {
            this.root = root;
            this.rules = rules;
            this.tracked = tracked;
            this.sources = new ConcurrentHashMap<>(Math.max(16, tracked.folderCount() * 2));
        }

        /** Lists one folder; subfolders go to {@code forks} when walking in parallel, else are walked here. */
        void walk(File dir, String rel, List<Task> forks) {
            // File.list gives bare names (no Path object per entry); types come from the index where it knows them
            String[] names = dir.list();
            if (names == null) {
                unreadable.add(rel.isEmpty() ? "." : rel);
                return;
            }
            if (!rel.isEmpty()) {
                for (String n : names) {
                    if (n.equals(".git")) {
                        return; // a nested repository or submodule: audited on its own
                    }
                }
            }
            String prefix = rel.isEmpty() ? "" : rel + "/";
            List<String> subRels = null;
            String firstModule = null;
            for (String name : names) {
                if (name.equals(".git")) {
                    continue;
                }
                String childRel = prefix + name;
                boolean isDir;
                if (tracked.contains(childRel)) {
                    isDir = false; // a tracked file, symlink or submodule
                } else if (tracked.isFolder(childRel)) {
                    isDir = true;
                } else {
                    try {
                        isDir = Files.readAttributes(new File(dir, name).toPath(), BasicFileAttributes.class,
                                LinkOption.NOFOLLOW_LINKS).isDirectory();
                    } catch (IOException | java.nio.file.InvalidPathException e) {
                        continue; // vanished while walking, or a name this JVM cannot express
                    }
                }
                if (isDir) {
                    if (!name.equals("__pycache__")) {
                        if (subRels == null) {
                            subRels = new ArrayList<>();
                        }
                        subRels.add(childRel);
                    }
                } else if (name.endsWith(".py") && name.length() > 3) {
                    String module = name.substring(0, name.length() - 3);
                    if (firstModule == null || module.compareTo(firstModule) < 0) {
                        firstModule = module;
                    }
                } else if (WorkTreeScan.isContainerfile(name)) {
                    dockerfiles.add(childRel);
                }
            }
            if (firstModule != null) {
                sources.put(rel, firstModule);
            }
            if (subRels != null) {
                for (String sub : subRels) {
                    if (!rules.isFolderExcluded(sub)) {
                        if (forks != null) {
                            forks.add(new Task(this, new File(root, sub), sub));
                        } else {
                            walk(new File(root, sub), sub, null);
                        }
                    }
                }
            }
        }
    }
}
