package io.pycd.watcher;

import java.nio.file.Path;

/**
 * What a watcher knows of one of its roots ({@link Watcher#counts}).
 *
 * @param files         sources under it
 * @param folders       folders with an inotify watch
 * @param polledFolders folders polled because they could not be watched
 * @param ready         its start-up reconcile's compiles are done
 */
public record RootCounts(Path root, int files, int folders, int polledFolders, boolean ready) {
}
