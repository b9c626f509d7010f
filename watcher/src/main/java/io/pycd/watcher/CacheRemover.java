package io.pycd.watcher;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheNames;
import io.pycd.cache.Orphans;
import io.pycd.cache.SourceCaches;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes caches that no longer belong to a source. Only regular files are removed (lstat), never through a
 * symlink (a symlinked {@code __pycache__} or prefix folder is left alone), and a {@code __pycache__} left empty is
 * removed too.
 */
final class CacheRemover {

    private final CompileSettings settings;

    CacheRemover(CompileSettings settings) {
        this.settings = settings;
    }

    /** Every cache of a source that is gone: any tag in its {@code __pycache__}, and ours in the configured layout. */
    List<Path> removeAllOf(Path source) {
        Set<Path> candidates = new LinkedHashSet<>();
        try {
            candidates.addAll(SourceCaches.inPycache(source));
        } catch (IOException e) {
            // an unreadable __pycache__: nothing we can remove
        }
        if (!(settings.layout() instanceof CacheLayout.Pycache)) {
            for (Interpreter i : settings.interpreters()) {
                for (int level : settings.optimizeLevels()) {
                    candidates.add(settings.layout().cacheOf(source, i.cacheTag(), level));
                }
            }
        }
        List<Path> removed = new ArrayList<>();
        for (Path c : candidates) {
            if (removeRegular(c)) {
                removed.add(c);
            }
        }
        return removed;
    }

    /** The caches of {@code source} for {@code interpreter} at the configured levels (they no longer match it). */
    List<Path> removeOf(Path source, Interpreter interpreter) {
        List<Path> removed = new ArrayList<>();
        for (int level : settings.optimizeLevels()) {
            Path c = settings.layout().cacheOf(source, interpreter.cacheTag(), level);
            if (removeRegular(c)) {
                removed.add(c);
            }
        }
        return removed;
    }

    /** Caches in {@code pycacheDir} whose source is gone. */
    List<Path> removeOrphans(Path pycacheDir) {
        List<Path> removed = new ArrayList<>();
        for (Path orphan : Orphans.in(pycacheDir)) {
            if (removeRegular(orphan)) {
                removed.add(orphan);
            }
        }
        return removed;
    }

    /** Removes {@code dir} when it is a real, empty {@code __pycache__}. */
    static void removeIfEmpty(Path dir) {
        if (dir != null && dir.getFileName() != null && CacheNames.isPycacheDir(dir.getFileName().toString())
                && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // still in use, or gone already
            } catch (IOException e) {
                // not ours to fight over
            }
        }
    }

    /** Removes a regular file (not a link) whose folder is a real folder; true when it was removed. */
    static boolean removeRegular(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return false;
            }
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
