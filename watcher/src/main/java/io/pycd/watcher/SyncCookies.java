package io.pycd.watcher;

import io.pycd.fs.IoErrors;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watchman's sync cookie, for one root: a uniquely named file created in the root and waited for in the root's own
 * event stream. inotify queues the events of one watcher in the order they happen, so once the cookie's event has
 * come, so have the events of every change made before the cookie was created.
 *
 * <p>directory-watcher hands events over per folder (one JDK watch key per folder, taken in turn by one loop): a
 * folder whose key is being handled when the cookie arrives can have an earlier change queued behind the root's key.
 * That key is back in the queue before the cookie is handled, so a second cookie, created once the first is seen, comes
 * after it: a sync is two cookies in a row.
 */
final class SyncCookies {

    /** Cookie files start so: the watcher knows them (no source ends so) and other tools can ignore them. */
    static final String PREFIX = ".pycd-cookie-";

    private final Path root;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    SyncCookies(Path root) {
        this.root = root;
    }

    /** Whether {@code path} is one of this root's cookies (they are only ever made in the root itself). */
    boolean isCookie(Path path) {
        return root.equals(path.getParent()) && path.getFileName().toString().startsWith(PREFIX);
    }

    /**
     * Deletes the cookies a process that is gone left in the root (killed between creating and deleting one), so that
     * no cookie outlives its question for longer than the next watch of the root. Only empty files named exactly as a
     * cookie are touched.
     */
    void removeLeftovers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path cookie : entries) {
                OptionalLong pid = ownerOf(cookie.getFileName().toString());
                if (pid.isPresent() && !ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)
                        && Files.isRegularFile(cookie, LinkOption.NOFOLLOW_LINKS) && Files.size(cookie) == 0) {
                    Files.deleteIfExists(cookie);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // an unreadable root: its watch reports that
        }
    }

    /** The pid in a cookie's name ({@code PREFIX<pid>-<n>}); empty for a name not made so. */
    static OptionalLong ownerOf(String name) {
        if (!name.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        int dash = name.indexOf('-', PREFIX.length());
        if (dash < 0 || !digits(name, PREFIX.length(), dash) || !digits(name, dash + 1, name.length())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(name, PREFIX.length(), dash, 10));
    }

    private static boolean digits(String s, int from, int to) {
        if (from >= to || to - from > 18) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Called by the root's event loop for a cookie's event. */
    void seen(Path cookie) {
        CompletableFuture<Void> f = waiting.remove(cookie.getFileName().toString());
        if (f != null) {
            f.complete(null);
        }
    }

    /**
     * Returns once the event loop has handled every change made before this call, or says why it could not by
     * {@code deadline} ({@link System#nanoTime}).
     */
    Answer<Void> sync(long deadline) {
        for (int round = 0; round < 2; round++) {
            String name = PREFIX + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
            CompletableFuture<Void> seen = new CompletableFuture<>();
            waiting.put(name, seen);
            Path cookie = root.resolve(name);
            try {
                Files.createFile(cookie);
                seen.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                return new Answer.Unknown<>("cannot create a sync file in " + root + ": " + IoErrors.describe(e));
            } catch (TimeoutException e) {
                return new Answer.Unknown<>("the watch of " + root + " did not report a change made now in time");
            } catch (ExecutionException e) {
                return new Answer.Unknown<>("sync failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer.Unknown<>("interrupted");
            } finally {
                waiting.remove(name);
                try {
                    Files.deleteIfExists(cookie);
                } catch (IOException e) {
                    // a cookie left behind is an empty file named as a cookie: the next one gets another name
                }
            }
        }
        return new Answer.Known<>(null);
    }
}
