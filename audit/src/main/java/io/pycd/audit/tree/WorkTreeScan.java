package io.pycd.audit.tree;

import io.pycd.audit.DockerBuilds;
import io.pycd.cache.CacheNames;
import io.pycd.git.GitPaths;
import io.pycd.git.ignore.GitIgnoreRules;
import io.pycd.git.index.TrackedFiles;
import io.pycd.tree.SourceNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
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
 * @param dockerfiles   repository-relative paths of container build files ({@link DockerBuilds#isBuildFile})
 * @param unreadable    folders that could not be listed
 * @param notUtf8       folders whose names are not UTF-8, which this JVM cannot open: skipped whole, their
 *                      {@code .gitignore} unread (shown as git quotes them)
 */
public record WorkTreeScan(SortedMap<String, String> sourceFolders, List<String> dockerfiles,
                           List<String> unreadable, List<NotUtf8> notUtf8) {

    /**
     * A folder named with bytes that are not UTF-8.
     *
     * @param path      repository-relative, as git quotes it ({@code "caf\351"})
     * @param gitignore it holds a {@code .gitignore}, which git reads and pycd cannot
     */
    public record NotUtf8(String path, boolean gitignore) {
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
        List<NotUtf8> notUtf8 = new ArrayList<>(w.notUtf8);
        notUtf8.sort(java.util.Comparator.comparing(NotUtf8::path));
        return new WorkTreeScan(new TreeMap<>(w.sources), dockerfiles, unreadable, notUtf8);
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
        final Queue<NotUtf8> notUtf8 = new ConcurrentLinkedQueue<>();

        Walker(File root, GitIgnoreRules rules, TrackedFiles tracked) {
            this.root = root;
            this.rules = rules;
            this.tracked = tracked;
            this.sources = new ConcurrentHashMap<>(Math.max(16, tracked.folderCount() * 2));
        }

        /**
         * The folders of {@code dir} whose names are not UTF-8. A directory stream's paths keep the raw bytes (their
         * URIs escape them), which a {@link File} built from the decoded name loses.
         */
        void notUtf8(File dir, String prefix) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.toPath())) {
                for (Path p : ds) {
                    byte[] name = rawName(p);
                    if (!isUtf8(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        byte[] pre = prefix.getBytes(StandardCharsets.UTF_8);
                        byte[] path = Arrays.copyOf(pre, pre.length + name.length);
                        System.arraycopy(name, 0, path, pre.length, name.length);
                        notUtf8.add(new NotUtf8(GitPaths.display(path),
                                Files.exists(p.resolve(".gitignore"), LinkOption.NOFOLLOW_LINKS)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                unreadable.add(prefix.isEmpty() ? "." : prefix.substring(0, prefix.length() - 1));
            }
        }

        /** The last name of {@code p} as the file system holds it. */
        private static byte[] rawName(Path p) {
            String uri = p.toUri().getRawPath();
            if (uri.endsWith("/")) {
                uri = uri.substring(0, uri.length() - 1);
            }
            String last = uri.substring(uri.lastIndexOf('/') + 1);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < last.length(); i++) {
                char c = last.charAt(i);
                if (c == '%' && i + 2 < last.length()) {
                    out.write(Integer.parseInt(last.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.write(c);
                }
            }
            return out.toByteArray();
        }

        private static boolean isUtf8(byte[] b) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
                return true;
            } catch (java.nio.charset.CharacterCodingException e) {
                return false;
            }
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
            boolean lossy = false;
            for (String name : names) {
                if (name.equals(".git")) {
                    continue;
                }
                if (name.indexOf('\uFFFD') >= 0) {
                    lossy = true; // perhaps bytes that are not UTF-8, decoded lossily: a File cannot open it
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
                    if (!CacheNames.isPycacheDir(name)) {
                        if (subRels == null) {
                            subRels = new ArrayList<>();
                        }
                        subRels.add(childRel);
                    }
                } else if (SourceNames.isSourceName(name)) {
                    String module = name.substring(0, name.length() - 3);
                    if (firstModule == null || module.compareTo(firstModule) < 0) {
                        firstModule = module;
                    }
                } else if (DockerBuilds.isBuildFile(name)) {
                    dockerfiles.add(childRel);
                }
            }
            if (lossy) {
                notUtf8(dir, prefix);
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
