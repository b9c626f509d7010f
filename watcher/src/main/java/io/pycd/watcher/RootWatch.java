package io.pycd.watcher;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import io.pycd.git.GitEnvironment;
import io.pycd.tree.SourceNames;
import io.pycd.watcher.filter.TreeFilter;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watched root: its directory-watcher (one inotify instance, one watch per folder kept), the folders it could not
 * watch (polled instead), the sources it holds, and its hold while git works in it.
 */
final class RootWatch {

    private static final Logger LOG = LoggerFactory.getLogger(RootWatch.class);
    private static final Logger DW_LOG = LoggerFactory.getLogger("io.pycd.watcher.directory-watcher");

    final Path root;
    final TreeFilter filter;
    final GitHold hold;
    /** Folders with an inotify watch (as far as we know). */
    final Set<Path> registered = ConcurrentHashMap.newKeySet();
    /** Folders that could not be watched, polled instead. */
    final PolledFolders polled = new PolledFolders();
    /** The sources known under this root (bounded by the tree). */
    final Set<Path> sources = ConcurrentHashMap.newKeySet();
    /**
     * True once the start-up reconcile has walked the root: a folder that cannot be watched before that gets that walk
     * as its polling baseline; one found later (a new folder) has every source reported by its first poll.
     */
    volatile boolean started;
    /** True once the start-up reconcile's compiles are done. */
    volatile boolean ready;
    /** What a walk of the root passes over, while the watcher can vouch for it. */
    final Skipped skipped = new Skipped();
    /** Cookies that tell when every change made before a question has come through the event loop. */
    final SyncCookies cookies;

    private final Watcher owner;
    private volatile DirectoryWatcher watcher;
    private volatile int generation;
    /** The root folder's identity (device and inode) when its watch started; null when it was not there. */
    private volatile Object watchedKey;

    RootWatch(Watcher owner, Path root, TreeFilter filter, GitEnvironment git) {
        this.owner = owner;
        this.root = root;
        this.filter = filter;
        this.hold = GitHold.forRoot(root, git);
        this.cookies = new SyncCookies(root);
    }

    /** Registers every folder (blocking until done) and starts the event loop on {@code executor}. */
    void startWatching(Executor executor) {
        int gen = ++generation;
        watchedKey = identity(root);
        cookies.removeLeftovers();
        try {
            DirectoryWatcher dw = DirectoryWatcher.builder()
                    .path(root)
                    .listener(new Listener(gen))
                    .fileHashing(false)
                    .fileTreeVisitor(new PruningVisitor())
                    .logger(DW_LOG)
                    .build();
            watcher = dw;
            dw.watchAsync(executor).whenComplete((v, e) -> {
                if (e != null && gen == generation && !owner.isClosed()) {
                    unwatched(root, false, e.getCause() instanceof IOException io ? io : new IOException(e));
                }
            });
        } catch (IOException e) {
            unwatched(root, !started, e);
        }
    }

    /**
     * Why the root is no longer the folder whose watch started, if it is not: removed (a watch ends with its folder,
     * silently), or replaced by another folder at its path ({@code rm -rf proj && git clone ...}), which no watch sees.
     */
    Optional<String> replaced() {
        Object now = identity(root);
        if (Objects.equals(now, watchedKey)) {
            return Optional.empty();
        }
        return Optional.of(now == null ? root + " was removed" : watchedKey == null ? root + " is back"
                : root + " was replaced by another folder");
    }

    /** The folder at {@code dir}'s device and inode, or null when no folder is there. */
    private static Object identity(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            return a.isDirectory() ? a.fileKey() : null;
        } catch (IOException e) {
            return null;
        }
    }

    void stopWatching() {
        generation++;
        DirectoryWatcher dw = watcher;
        watcher = null;
        if (dw != null) {
            try {
                dw.close();
            } catch (IOException e) {
                LOG.debug("closing the watcher of {}: {}", root, e.toString());
            }
        }
        registered.clear();
        polled.clear();
    }

    private void unwatched(Path dir, boolean baselineOnly, IOException why) {
        polled.add(dir, baselineOnly);
        owner.limit.cannotWatch(dir, why);
    }

    /** Walks folders for directory-watcher, pruning what pycd never watches and noting what cannot be watched. */
    private final class PruningVisitor implements FileTreeVisitor {
        @Override
        public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile) throws IOException {
            if (!filter.watchesFolder(start)) {
                return;
            }
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                                throws IOException {
                            if (!dir.equals(start) && !filter.watchesFolder(dir)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (polled.contains(dir)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (!registered.contains(dir) && !owner.limit.mayWatchAnother()) {
                                unwatched(dir, !started, new IOException("User limit of inotify watches reached"));
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            try {
                                onDirectory.call(dir);
                                if (registered.add(dir)) {
                                    owner.limit.added();
                                }
                            } catch (NoSuchFileException e) {
                                return FileVisitResult.SKIP_SUBTREE;
                            } catch (IOException e) {
                                if (registered.remove(dir)) {
                                    owner.limit.removed();
                                }
                                unwatched(dir, !started, e);
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            String name = file.getFileName().toString();
                            if (attrs.isSymbolicLink() || !SourceNames.isRepresentable(name)) {
                                skipped.changed(); // a folder that came with one (the start-up walk's are recorded)
                            }
                            if (!attrs.isDirectory() && SourceNames.isSource(name)) {
                                onFile.call(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (!(e instanceof NoSuchFileException)) {
                                skipped.changed(); // an unreadable folder
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        }
    }

    /**
     * Keeps onEvent O(1): marks a path dirty, or asks for a rescan; the dispatcher does the work. The one lstat per
     * event tells whether what a walk passes over may have changed ({@link Skipped}).
     */
    private final class Listener implements DirectoryChangeListener {
        private final int gen;

        Listener(int gen) {
            this.gen = gen;
        }

        @Override
        public boolean isWatching() {
            return gen == generation && !owner.isClosed();
        }

        @Override
        public void onEvent(DirectoryChangeEvent event) {
            Path path = event.path();
            if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW || path == null) {
                owner.requestRescan(RootWatch.this, "the event queue overflowed", false);
                return;
            }
            if (cookies.isCookie(path)) {
                if (event.eventType() == DirectoryChangeEvent.EventType.CREATE) {
                    cookies.seen(path);
                }
                return;
            }
            if (event.eventType() == DirectoryChangeEvent.EventType.DELETE) {
                skipped.removed(path);
            } else {
                skipped.touched(path, event.eventType() == DirectoryChangeEvent.EventType.MODIFY);
            }
            if (event.isDirectory()) {
                if (event.eventType() == DirectoryChangeEvent.EventType.DELETE && registered.remove(path)) {
                    owner.limit.removed();
                }
                return;
            }
            String name = path.getFileName().toString();
            if (SourceNames.isSource(name)) {
                if (filter.compiles(path)) {
                    owner.touch(RootWatch.this, path);
                }
            } else if (".gitignore".equals(name) && filter.git().isPresent()) {
                owner.requestRescan(RootWatch.this, path + " changed", true);
            }
        }

        @Override
        public void onException(Exception e) {
            // OVERFLOW arrives here as a NullPointerException; anything else may also mean lost events.
            LOG.debug("watcher exception under {}", root, e);
            owner.requestRescan(RootWatch.this, e instanceof NullPointerException
                    ? "the event queue overflowed" : "watch error: " + e, false);
        }
    }
}
