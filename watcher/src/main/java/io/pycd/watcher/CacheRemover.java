package io.pycd.watcher;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheNames;
import io.pycd.cache.Orphans;
import io.pycd.cache.SourceCaches;
import io.pycd.fs.IoErrors;
import io.pycd.settings.CompileSettings;
import io.pycd.interpreter.Interpreter;
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
 * symlink (a symlinked {@code __pycache__} or prefix folder is left alone). Every removal that was tried is
 * returned, done or not, so that the watcher reports what it could not remove.
 */
final class CacheRemover {

    /** One removal tried. */
    sealed interface Outcome {
        Path path();
    }

    record Done(Path path) implements Outcome {
    }

    /** It is still there: {@code why} in words. */
    record Failed(Path path, String why) implements Outcome {
    }

    private final CompileSettings settings;

    CacheRemover(CompileSettings settings) {
        this.settings = settings;
    }

    /** Every cache of a source that is gone: any tag in its {@code __pycache__}, and ours in the configured layout. */
    List<Outcome> removeAllOf(Path source) {
        Set<Path> candidates = new LinkedHashSet<>();
        try {
            candidates.addAll(SourceCaches.inPycache(source));
        } catch (IOException e) {
            // an unreadable __pycache__: nothing we can list, so nothing we can remove
        }
        if (!(settings.layout() instanceof CacheLayout.Pycache)) {
            for (Interpreter i : settings.interpreters()) {
                for (int level : settings.optimizeLevels()) {
                    candidates.add(settings.layout().cacheOf(source, i.cacheTag(), level));
                }
            }
        }
        List<Outcome> tried = new ArrayList<>();
        for (Path c : candidates) {
            removeRegular(c, tried);
        }
        return tried;
    }

    /** The caches of {@code source} for {@code interpreter} at the configured levels (they no longer match it). */
    List<Outcome> removeOf(Path source, Interpreter interpreter) {
        List<Outcome> tried = new ArrayList<>();
        for (int level : settings.optimizeLevels()) {
            removeRegular(settings.layout().cacheOf(source, interpreter.cacheTag(), level), tried);
        }
        return tried;
    }

    /** The orphans of {@code pycacheDir} (core's rule, {@link Orphans}). */
    List<Outcome> removeOrphans(Path pycacheDir) {
        List<Outcome> tried = new ArrayList<>();
        for (Path orphan : Orphans.in(pycacheDir)) {
            removeRegular(orphan, tried);
        }
        return tried;
    }

    /** Removes {@code dir} when it is a real, empty {@code __pycache__}; true when it was removed. */
    static boolean removeIfEmpty(Path dir) {
        if (dir == null || dir.getFileName() == null || !CacheNames.isPycacheDir(dir.getFileName().toString())
                || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.delete(dir);
            return true;
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            return false; // still in use, or gone already
        } catch (IOException e) {
            return false; // not ours to fight over: its caches were reported if they could not go
        }
    }

    /** Removes a regular file (not a link) whose folder is a real folder, noting the attempt in {@code tried}. */
    private static void removeRegular(Path file, List<Outcome> tried) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return;
            }
            Files.delete(file);
            tried.add(new Done(file));
        } catch (NoSuchFileException e) {
            // gone already: nothing to report
        } catch (IOException e) {
            tried.add(new Failed(file, "cannot remove: " + IoErrors.describe(e)));
        }
    }
}
