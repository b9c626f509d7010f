package io.pycd.watcher;

import io.pycd.cache.CacheFile;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Orphans: caches in a {@code __pycache__} folder (any tag) whose source is gone from the folder above. Kept apart,
 * with the signature of core's coming {@code Orphans.in}, until the one orphan rule of every command lands in core.
 */
final class OrphanCaches {

    private OrphanCaches() {
    }

    /** The entries of {@code pycacheDir} whose source is gone; none when it cannot be read. */
    static List<Path> in(Path pycacheDir) {
        List<Path> orphans = new ArrayList<>();
        Path folder = pycacheDir.getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pycacheDir)) {
            for (Path entry : entries) {
                var parsed = CacheFile.parse(entry.getFileName().toString());
                if (parsed.isPresent() && !Files.exists(folder.resolve(parsed.get().sourceName()))) {
                    orphans.add(entry);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // unreadable or gone: the walk reports unreadable folders
        }
        return orphans;
    }
}
