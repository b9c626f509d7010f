package io.pycd.cache;

import io.pycd.fs.Listing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orphans: caches in a {@code __pycache__} folder whose source is gone. The source is there when the folder above
 * holds a file or a symlink by the name {@link SourceFromCache} gives (a symlink is not followed: import would load
 * what it points to). Only compiled caches ({@code .pyc}, {@code .pyo}) can be orphans; temp files of interrupted
 * writes are removed as such.
 */
public final class Orphans {

    /** The folder above a {@code __pycache__}: whether it holds a source by a name. */
    @FunctionalInterface
    public interface Folder {
        boolean holdsSource(String name);
    }

    private Orphans() {
    }

    /** Whether the {@code __pycache__} entry {@code cacheName} is an orphan, given the folder above it. */
    public static boolean isOrphan(String cacheName, Folder above) {
        if (!CacheNames.isCompiled(cacheName)) {
            return false;
        }
        Optional<String> source = SourceFromCache.sourceName(cacheName, true);
        return source.isPresent() && !above.holdsSource(source.get());
    }

    /** The folder above, from its listing. */
    public static Folder listed(Map<String, Listing.Entry> entries) {
        return new Folder() {
            @Override
            public boolean holdsSource(String name) {
                Listing.Entry e = entries.get(name);
                return e != null && isSource(e.type());
            }
        };
    }

    /** The folder above, looked up by lstat, one name at a time. An entry that cannot be stat'ed counts as there. */
    public static Folder stat(Path folder) {
        return new Folder() { // a class, not a lambda: status and clean ask at every start (see cli's Specs)
            @Override
            public boolean holdsSource(String name) {
                try {
                    Optional<Listing.Type> type = Listing.typeOf(folder.resolve(name));
                    return type.isPresent() && isSource(type.get());
                } catch (IOException e) {
                    return true;
                }
            }
        };
    }

    /** The regular files of {@code pycacheDir} that are orphans; none when it cannot be read. */
    public static List<Path> in(Path pycacheDir) {
        List<Path> orphans = new ArrayList<>();
        try {
            Optional<Listing> listing = Listing.read(pycacheDir);
            if (listing.isEmpty()) {
                return orphans;
            }
            Folder above = stat(pycacheDir.toAbsolutePath().getParent());
            for (Listing.Entry e : listing.get().entries()) {
                if (e.type() == Listing.Type.FILE && isOrphan(e.name(), above)) {
                    orphans.add(e.path());
                }
            }
        } catch (IOException e) {
            // An unreadable __pycache__ holds nothing anyone can judge; walks report unreadable folders.
        }
        return orphans;
    }

    private static boolean isSource(Listing.Type type) {
        return type == Listing.Type.FILE || type == Listing.Type.LINK;
    }
}
