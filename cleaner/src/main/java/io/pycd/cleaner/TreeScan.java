package io.pycd.cleaner;

import io.pycd.fs.IoErrors;
import io.pycd.cache.CacheNames;
import io.pycd.cleaner.keep.PyvenvCfg;
import io.pycd.interpreter.DefaultInterpreters;
import io.pycd.tree.SourceNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The one walk of a clean: lists every folder it may act in (each entry lstat'ed, nothing followed) and finds the
 * virtualenvs that tell which versions the project uses. Decides only where to go; {@link Cleaner} decides what
 * to remove from the listings.
 */
final class TreeScan {

    enum Type { FILE, DIR, LINK, OTHER }

    /** A folder entry as lstat saw it. */
    record Entry(String name, Path path, Type type, long size, FileTime mtime, Object key) {
        Removal.Stamp stamp() {
            return new Removal.Stamp(size, mtime, key);
        }
    }

    /**
     * A listed folder.
     *
     * @param relative its path below its root, {@code /}-separated ({@code ""} for the root)
     * @param pycache  true for a {@code __pycache__} folder
     * @param complete false when the listing failed part-way (then nothing in it is removed as empty)
     * @param sources  the entries of the folder whose {@code .py} files these caches belong to (the parent, for a
     *                 {@code __pycache__}; the folder itself otherwise)
     */
    record Folder(Path dir, String relative, boolean pycache, boolean complete, List<Entry> entries,
                  Map<String, Entry> sources) {
    }

    /** A virtualenv found, by the folder holding pyvenv.cfg. */
    record Venv(Path dir, PyvenvCfg cfg) {
    }

    private final CleanOptions options;
    final List<Folder> folders = new ArrayList<>();
    final List<Skipped> skipped = new ArrayList<>();
    final List<CleanError> errors = new ArrayList<>();
    final List<Venv> venvs = new ArrayList<>();

    TreeScan(CleanOptions options) {
        this.options = options;
    }

    void scanRoot(Path root) {
        String name = root.getFileName() == null ? "" : root.getFileName().toString();
        if (CacheNames.isPycacheDir(name)) {
            Path parent = root.toAbsolutePath().getParent();
            Listing up = list(parent, false);
            Listing own = list(root, true);
            if (own != null) {
                folders.add(new Folder(root, "", true, own.complete, own.entries, byName(up == null ? List.of() : up.entries)));
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            pool.invoke(ForkJoinTask.adapt(() -> walk(root, "", 0)));
        } finally {
            pool.shutdown();
        }
    }

    /** A subfolder walked by its own task; its findings go in at the place it holds in the parent's order. */
    private record Child(TreeScan scan, ForkJoinTask<?> task, int folders, int skipped, int errors, int venvs) {
    }

    private void walk(Path dir, String relative, int depth) {
        Listing listing = list(dir, true);
        if (listing == null) {
            return;
        }
        Map<String, Entry> names = byName(listing.entries);
        List<Child> children = new ArrayList<>();
        Entry cfg = names.get("pyvenv.cfg");
        if (cfg != null && cfg.type() == Type.FILE) {
            PyvenvCfg.read(dir).ifPresent(c -> venvs.add(new Venv(dir, c)));
            if (!options.includeVenvs()) {
                skipped.add(new Skipped(dir, "virtualenv, not entered; --include-venvs cleans it"));
                return;
            }
        }
        folders.add(new Folder(dir, relative, false, listing.complete, listing.entries, names));
        boolean besideProject = Cleaner.besideProject(names);
        for (Entry e : listing.entries) {
            if (e.type() == Type.LINK) {
                skipped.add(new Skipped(e.path(), linkReason(e.path())));
                continue;
            }
            if (e.name().indexOf('\uFFFD') >= 0) {
                skipped.add(new Skipped(e.path(), "name is not valid UTF-8, left alone"));
                continue;
            }
            if (e.type() != Type.DIR) {
                continue;
            }
            String name = e.name();
            String rel = relative.isEmpty() ? name : relative + "/" + name;
            if (SourceNames.isVcsFolder(name) || options.rules().isExcluded(rel, name)) {
                continue;
            }
            if (CacheNames.isPycacheDir(name)) {
                Listing caches = list(e.path(), true);
                if (caches != null) {
                    folders.add(new Folder(e.path(), rel, true, caches.complete, caches.entries, names));
                    for (Entry c : caches.entries) {
                        if (c.type() == Type.LINK) {
                            skipped.add(new Skipped(c.path(), linkReason(c.path())));
                        }
                    }
                }
                continue;
            }
            if (SourceNames.holdsVirtualenvs(name)) {
                peekToolEnvs(e.path());
            }
            if (Cleaner.claim(options, e, rel, besideProject) != null) {
                continue;
            }
            if (SourceNames.isToolFolder(name) && !(SourceNames.holdsVirtualenvs(name) && options.includeVenvs())) {
                continue;
            }
            if (options.maxDepth() >= 0 && depth + 1 > options.maxDepth()) {
                continue;
            }
            TreeScan child = new TreeScan(options);
            Path sub = e.path();
            children.add(new Child(child, ForkJoinTask.adapt(() -> child.walk(sub, rel, depth + 1)).fork(),
                    folders.size(), skipped.size(), errors.size(), venvs.size()));
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            Child c = children.get(i);
            c.task().join();
            folders.addAll(c.folders(), c.scan().folders);
            skipped.addAll(c.skipped(), c.scan().skipped);
            errors.addAll(c.errors(), c.scan().errors);
            venvs.addAll(c.venvs(), c.scan().venvs);
        }
    }

    /** The virtualenvs tox and nox keep one level down: their versions count even though clean does not enter. */
    private void peekToolEnvs(Path toolDir) {
        Listing envs = list(toolDir, false);
        if (envs == null) {
            return;
        }
        for (Entry env : envs.entries) {
            if (env.type() == Type.DIR) {
                PyvenvCfg.read(env.path()).ifPresent(c -> {
                    if (venvs.stream().noneMatch(v -> v.dir().equals(env.path()))) {
                        venvs.add(new Venv(env.path(), c));
                    }
                });
            }
        }
    }

    /** Virtualenvs at the project's root, outside the PATHs given: read for their versions, never acted on. */
    void peekProjectRoot(Path root) {
        for (String name : DefaultInterpreters.PROJECT_VIRTUALENVS) {
            Path dir = root.resolve(name);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && venvs.stream().noneMatch(v -> v.dir().toAbsolutePath().normalize().equals(dir.normalize()))) {
                PyvenvCfg.read(dir).ifPresent(c -> venvs.add(new Venv(dir, c)));
            }
        }
        for (String name : SourceNames.VIRTUALENV_FOLDERS) {
            Path dir = root.resolve(name);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                peekToolEnvs(dir);
            }
        }
    }

    private record Listing(List<Entry> entries, boolean complete) {
    }

    /** Every entry of {@code dir}, lstat'ed, sorted by name; null (and an error when asked) if it cannot be read. */
    private Listing list(Path dir, boolean report) {
        List<Entry> entries = new ArrayList<>();
        boolean complete = true;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            // Relative to the open folder (fstatat): no path walk per entry, and nothing swapped in above it counts.
            SecureDirectoryStream<Path> secure = stream instanceof SecureDirectoryStream<Path> s ? s : null;
            for (Path p : stream) {
                try {
                    BasicFileAttributes a = secure != null
                            ? secure.getFileAttributeView(p.getFileName(), BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS).readAttributes()
                            : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    Type type = a.isSymbolicLink() ? Type.LINK : a.isDirectory() ? Type.DIR
                            : a.isRegularFile() ? Type.FILE : Type.OTHER;
                    entries.add(new Entry(p.getFileName().toString(), p, type, a.size(),
                            a.lastModifiedTime(), a.fileKey()));
                } catch (NoSuchFileException gone) {
                    // removed while listing: nothing to clean there
                } catch (IOException e) {
                    complete = false;
                    if (report) {
                        errors.add(new CleanError(p, IoErrors.describe(e)));
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            if (report) {
                IOException io = e instanceof IOException x ? x : ((java.nio.file.DirectoryIteratorException) e).getCause();
                errors.add(new CleanError(dir, "cannot read folder: " + IoErrors.describe(io)));
            }
            return null;
        }
        entries.sort(Comparator.comparing(Entry::name));
        return new Listing(entries, complete);
    }

    static Map<String, Entry> byName(List<Entry> entries) {
        Map<String, Entry> map = new HashMap<>(entries.size() * 2);
        for (Entry e : entries) {
            map.put(e.name(), e);
        }
        return map;
    }

    /** Why a symlink is left alone, in words; it is stat'ed through only to say so. */
    static String linkReason(Path link) {
        try {
            BasicFileAttributes a = Files.readAttributes(link, BasicFileAttributes.class);
            return a.isDirectory() ? "symlinked folder, not followed" : "symlink, not followed";
        } catch (NoSuchFileException e) {
            return "dangling symlink, left alone";
        } catch (FileSystemException e) {
            String r = e.getReason();
            return r != null && r.contains("symbolic links") ? "symlink loop, not followed" : "symlink, not followed";
        } catch (IOException e) {
            return "symlink, not followed";
        }
    }
}
