package io.pycd.watcher;

import io.pycd.cache.CacheNames;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What git would have done had the caches not been there. A checkout that drops a package removes its sources and
 * then each folder left empty; a {@code __pycache__} inside makes that {@code rmdir} fail, so the folder stays,
 * and an empty folder imports as a namespace package. Once pycd has removed the last cache of such a folder, it
 * finishes git's work: the empty {@code __pycache__}, then the folder and each parent left empty, up to (never
 * including) the root. {@code rmdir} only ever removes an empty folder, so nothing that holds anything else goes;
 * nothing is done through a symlink.
 */
final class EmptyFolders {

    private EmptyFolders() {
    }

    /**
     * After pycd removed caches of sources in {@code folder} (below {@code root}): removes its {@code __pycache__}
     * when empty and then {@code folder} and its parents while empty. Returns the source folders removed, deepest
     * first.
     */
    static List<Path> removeAfterCaches(Path folder, Path root) {
        List<Path> removed = new ArrayList<>();
        if (throughLink(folder, root)) {
            return removed;
        }
        if (!folder.startsWith(root) || folder.equals(root)) {
            CacheRemover.removeIfEmpty(folder.resolve(CacheNames.PYCACHE));
            return removed;
        }
        Path pycache = folder.resolve(CacheNames.PYCACHE);
        if (Files.exists(pycache, LinkOption.NOFOLLOW_LINKS) && !CacheRemover.removeIfEmpty(pycache)) {
            return removed;
        }
        for (Path d = folder; !d.equals(root) && d.startsWith(root); d = d.getParent()) {
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException e) {
                break; // it holds something else: it stays, and so does every folder above it
            } catch (IOException e) {
                break; // gone already, or not ours to remove
            }
            removed.add(d);
        }
        return removed;
    }

    /** True when a folder from {@code folder} up to (not including) {@code root} is a symlink. */
    private static boolean throughLink(Path folder, Path root) {
        for (Path d = folder; d != null && !d.equals(root); d = d.getParent()) {
            if (Files.isSymbolicLink(d)) {
                return true;
            }
        }
        return false;
    }
}
