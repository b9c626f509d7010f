package io.pycd.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's prune lock: one pycd at a time removes or merges packs. File locks belong to the process, so the
 * threads of one JVM take an in-process lock on the same file first.
 */
final class PruneLock {

    /** Work done while holding the lock. */
    interface Locked<T> {
        T run() throws IOException;
    }

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private PruneLock() {
    }

    /**
     * Runs {@code locked} holding {@code folder}'s prune lock, waiting for it when {@code wait}; without waiting,
     * null when another thread or pycd holds it.
     */
    static <T> T holding(StoreFolder folder, boolean wait, Locked<T> locked) throws IOException {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(folder.pruneLock().toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        if (wait) {
            inProcess.lock();
        } else if (!inProcess.tryLock()) {
            return null;
        }
        try {
            folder.create();
            try (FileChannel ch = FileChannel.open(folder.pruneLock(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = wait ? ch.lock() : ch.tryLock()) {
                return lock == null ? null : locked.run();
            }
        } finally {
            inProcess.unlock();
        }
    }
}
