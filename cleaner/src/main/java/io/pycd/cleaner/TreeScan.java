package io.pycd.cleaner;

import io.pycd.cache.CacheNames;
import io.pycd.fs.IoErrors;
import io.pycd.fs.Listing;
import io.pycd.tree.SourceNames;
import io.pycd.venv.Virtualenv;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The one walk of a clean: lists every folder it may act in (each entry lstat'ed, nothing followed) and finds the
 * virtualenvs that tell which versions the project uses. Decides only where to go; {@link Cleaner} decides what
 * to remove from the listings.
 */
final class TreeScan {

    /**
     * A listed folder.
     *
     * @param relative its path below its root, {@code /}-separated ({@code ""} for the root)
     * @param pycache  true for a {@code __pycache__} folder
     * @param complete false when the listing failed part-way (then nothing in it is removed as empty)
     * @param sources  the entries of the folder whose {@code .py} files these caches belong to (the parent, for a
     *                 {@code __pycache__}; the folder itself otherwise)
     */
    record Folder(Path dir, String relative, boolean pycache, boolean complete, List<Listing.Entry> entries,
                  Map<String, Listing.Entry> sources) {
    }

    private final CleanOptions options;
    final List<Folder> folders = new ArrayList<>();
    final List<Skipped> skipped = new ArrayList<>();
    final List<CleanError> errors = new ArrayList<>();
    final List<Virtualenv> venvs = new ArrayList<>();

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
                folders.add(new Folder(root, "", true, own.complete(), own.entries(),
                        up == null ? Map.of() : up.byName()));
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
        Map<String, Listing.Entry> names = listing.byName();
        List<Child> children = new ArrayList<>();
        Listing.Entry cfg = names.get(SourceNames.VIRTUALENV_MARKER);
        if (cfg != null && cfg.type() == Listing.Type.FILE) {
            Virtualenv.at(dir).ifPresent(venvs::add);
            // A virtualenv named as a PATH is what the user asked to clean: only those met below a PATH are skipped.
            if (!options.includeVenvs() && depth > 0) {
                skipped.add(new Skipped(dir, "virtualenv, not entered; --include-venvs cleans it"));
                return;
            }
        }
        folders.add(new Folder(dir, relative, false, listing.complete(), listing.entries(), names));
        boolean besideProject = Claim.besideProject(names);
        for (Listing.Entry e : listing.entries()) {
            if (e.type() == Listing.Type.LINK) {
                skipped.add(new Skipped(e.path(), linkReason(e.path())));
                continue;
            }
            if (e.name().indexOf('\uFFFD') >= 0) {
                skipped.add(new Skipped(e.path(), "name is not valid UTF-8, left alone"));
                continue;
            }
            if (e.type() != Listing.Type.DIR) {
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
                    folders.add(new Folder(e.path(), rel, true, caches.complete(), caches.entries(), names));
                    for (Listing.Entry c : caches.entries()) {
                        if (c.type() == Listing.Type.LINK) {
                            skipped.add(new Skipped(c.path(), linkReason(c.path())));
                        }
                    }
                }
                continue;
            }
            if (SourceNames.holdsVirtualenvs(name)) {
                peekToolEnvs(e.path());
            }
            if (Claim.on(options, e, rel, besideProject) != null) {
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
        for (Listing.Entry env : envs.entries()) {
            if (env.type() == Listing.Type.DIR && venvs.stream().noneMatch(v -> v.dir().equals(env.path()))) {
                Virtualenv.at(env.path()).ifPresent(venvs::add);
            }
        }
    }

    /** {@code dir}'s listing, or null (and, when asked, an error) if it is gone or cannot be read. */
    private Listing list(Path dir, boolean report) {
        try {
            Optional<Listing> listing = Listing.read(dir);
            if (report) {
                listing.ifPresent(l -> l.failures().forEach(f ->
                        errors.add(new CleanError(f.path(), IoErrors.describe(f.error())))));
            }
            return listing.orElse(null);
        } catch (IOException e) {
            if (report) {
                errors.add(new CleanError(dir, "cannot read folder: " + IoErrors.describe(e)));
            }
            return null;
        }
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
