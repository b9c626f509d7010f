package io.pycd.watcher;

import io.pycd.tree.SourceFile;
import io.pycd.tree.SourceTree;
import io.pycd.tree.SourceWalker;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The folders of one root that could not be watched (inotify limits, a failed watch), polled instead: each poll
 * walks them and compares every source's stat (exact mtime, size, inode) with the last one seen.
 */
final class PolledFolders {

    /** Folder to whether its next poll is only a baseline (nothing reported): true until it was looked at once. */
    private final Map<Path, Boolean> folders = new ConcurrentHashMap<>();
    /** The last stat of every source in a polled folder. */
    private final Map<Path, String> stamps = new ConcurrentHashMap<>();

    /** Polls {@code folder} from now on; with {@code baselineOnly} its first poll reports nothing. */
    void add(Path folder, boolean baselineOnly) {
        folders.put(folder, baselineOnly);
    }

    boolean contains(Path folder) {
        return folders.containsKey(folder);
    }

    int size() {
        return folders.size();
    }

    void clear() {
        folders.clear();
        stamps.clear();
    }

    /** A reconcile's walk is the baseline of the polled folders: what changes after it is reported. */
    void baseline(SourceTree walk) {
        if (folders.isEmpty()) {
            return;
        }
        for (SourceFile f : walk.sources()) {
            for (Path dir : folders.keySet()) {
                if (f.path().startsWith(dir)) {
                    stamps.put(f.path(), stamp(f));
                    break;
                }
            }
        }
        folders.replaceAll((dir, baselineOnly) -> Boolean.FALSE);
    }

    /** Walks every polled folder, handing each source created, changed or gone since the last poll to onChange. */
    void poll(SourceWalker walker, Path root, Consumer<Path> onChange) {
        for (Map.Entry<Path, Boolean> f : folders.entrySet()) {
            pollFolder(walker, root, f.getKey(), f.getValue(), onChange);
            f.setValue(Boolean.FALSE);
        }
    }

    private void pollFolder(SourceWalker walker, Path root, Path dir, boolean baselineOnly, Consumer<Path> onChange) {
        SourceTree walk = walker.walkBelow(root, dir, source -> { });
        Set<Path> seen = new HashSet<>();
        for (SourceFile f : walk.sources()) {
            Path p = f.path();
            seen.add(p);
            String stamp = stamp(f);
            String old = stamps.put(p, stamp);
            if (!baselineOnly && !stamp.equals(old)) {
                onChange.accept(p);
            }
        }
        for (Iterator<Path> it = stamps.keySet().iterator(); it.hasNext(); ) {
            Path p = it.next();
            if (p.startsWith(dir) && !seen.contains(p)) {
                it.remove();
                onChange.accept(p);
            }
        }
    }

    private static String stamp(SourceFile f) {
        return f.modified().toInstant().getEpochSecond() + ":" + f.modified().toInstant().getNano() + ":" + f.size()
                + ":" + f.fileKey();
    }
}
