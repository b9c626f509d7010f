package io.pycd.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The caches that exist on disk for one source, whatever interpreter or optimization level wrote them. */
public final class SourceCaches {

    private SourceCaches() {
    }

    /**
     * Every compiled cache ({@code .pyc}, {@code .pyo}) in {@code <dir>/__pycache__} that {@link SourceFromCache}
     * says belongs to {@code <dir>/<stem>.py}: any tag, any level. A symlinked {@code __pycache__} yields nothing: pycd never acts
     * through links.
     */
    public static List<Path> inPycache(Path source) throws IOException {
        Path dir = source.toAbsolutePath().getParent().resolve(CacheNames.PYCACHE);
        String sourceName = source.getFileName().toString();
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // Not temp files: a writer may be about to rename one into place.
                if (CacheNames.isCompiled(name)
                        && SourceFromCache.sourceName(name, true).map(sourceName::equals).orElse(false)
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(source.getParent() == null ? Path.of(CacheNames.PYCACHE, name)
                            : source.getParent().resolve(CacheNames.PYCACHE).resolve(name));
                }
            }
        }
        return found;
    }
}
