package io.pycd.watcher.daemon;

import io.pycd.interpreter.Interpreters;
import io.pycd.watcher.WatchStats;
import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.ProtocolException;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: one per user (a lock file), answering on a Unix domain socket, watching groups of roots, remembering
 * them across restarts. It runs in the process that starts it ({@code pycd daemon run}, a detached JVM started by
 * {@link DaemonClient#ensureRunning}, or a test) until a {@code stop} request or {@link #requestStop()}; then it
 * finishes the writes in flight, removes its socket and pid file and releases the lock.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Another daemon of this user holds the lock. */
    public static final class AlreadyRunning extends IOException {
        AlreadyRunning(String message) {
            super(message);
        }
    }

    private final DaemonPaths paths;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long pid = ProcessHandle.current().pid();
    private final long startedNanos = System.nanoTime();
    private final boolean remember;
    private final WatchGroups groups;
    private final TreeQueries queries;
    private final Codec.InterpreterLookup interpreters;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private ControlServer server;

    private Daemon(DaemonPaths paths, FileChannel lockChannel, FileLock lock, boolean remember) {
        this.paths = paths;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.remember = remember;
        this.groups = new WatchGroups(pid, new EventLog(),
                remember ? Optional.of(RememberedRoots.load(paths)) : Optional.empty());
        this.queries = new TreeQueries(pid, groups);
        Interpreters lookup = Interpreters.forUser();
        this.interpreters = lookup::resolve;
    }

    /**
     * Takes the daemon lock, binds the socket and writes the pid file; then, when {@code remember}, watches the
     * remembered roots again (in the background: the socket answers meanwhile).
     *
     * @param remember remember roots across restarts (and rewatch those remembered); false: neither
     * @throws AlreadyRunning when another daemon holds the lock
     */
    public static Daemon start(DaemonPaths paths, boolean remember) throws IOException {
        paths.ensureRuntimeDir();
        paths.ensureStateDir();
        FileChannel channel = FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM runs a daemon on these paths already
        }
        if (lock == null) {
            channel.close();
            throw new AlreadyRunning("another daemon holds " + paths.lockFile());
        }
        Daemon d = new Daemon(paths, channel, lock, remember);
        try {
            Files.deleteIfExists(paths.socket()); // stale: we hold the lock, so its daemon is gone
            d.server = ControlServer.start(paths.socket(), d::handle);
            Files.writeString(paths.pidFile(), d.pid + "\n", StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            d.shutdown();
            throw e;
        }
        LOG.info("daemon started, pid {}, socket {}{}", d.pid, paths.socket(), remember ? "" : ", remembering nothing");
        Thread waiter = new Thread(d::awaitStopThenShutdown, "pycd-daemon");
        waiter.setDaemon(true);
        waiter.start();
        if (remember) {
            Thread rewatch = new Thread(d::rewatchRemembered, "pycd-rewatch");
            rewatch.setDaemon(true);
            rewatch.start();
        }
        return d;
    }

    public long pid() {
        return pid;
    }

    public DaemonPaths paths() {
        return paths;
    }

    /** Asks the daemon to stop (what a {@code stop} request, SIGTERM or SIGINT do); returns at once. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** Waits until the daemon has stopped; false when {@code timeout} passed first. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Stops the daemon and waits until it has. */
    @Override
    public void close() {
        requestStop();
        terminated.join();
    }

    /** Answers one request line with one reply line. */
    String handle(String line) {
        Request request;
        try {
            request = Codec.decodeRequest(line, interpreters);
        } catch (ProtocolException e) {
            return Codec.encode(new Reply.Failure(pid, e.getMessage()));
        }
        try {
            return Codec.encode(answer(request));
        } catch (IOException e) {
            return Codec.encode(new Reply.Failure(pid, e.getMessage()));
        }
    }

    private Reply answer(Request request) throws IOException {
        if (request instanceof Request.Ping) {
            return new Reply.Pong(pid);
        } else if (request instanceof Request.Status) {
            return status();
        } else if (request instanceof Request.Add a) {
            return groups.add(a);
        } else if (request instanceof Request.Unwatch u) {
            return groups.unwatch(u.roots());
        } else if (request instanceof Request.Stop) {
            requestStop();
            return new Reply.Stopping(pid);
        } else if (request instanceof Request.Compile c) {
            return queries.compile(c);
        } else if (request instanceof Request.States s) {
            return queries.states(s);
        }
        throw new AssertionError("a request the daemon does not know: " + request);
    }

    private Reply.Status status() {
        WatchStats.Snapshot s = groups.stats();
        return new Reply.Status(pid, (System.nanoTime() - startedNanos) / 1e9, remember, groups.roots(),
                groups.remembered().orElseGet(() -> RememberedRoots.load(paths)).roots(), s.compiled(), s.errors(),
                s.removed(), s.rescans(), new Reply.Latency(s.samples(), s.p50(), s.p95()), s.lastErrors());
    }

    /** Watches the remembered roots again; one that cannot be watched now stays remembered and is logged. */
    private void rewatchRemembered() {
        for (Codec.Stored stored : groups.remembered().orElseThrow().groups()) {
            if (stopRequested.getCount() == 0) {
                return;
            }
            try {
                Reply r = groups.add((Request.Add) stored.toRequest(interpreters));
                if (r instanceof Reply.Failure f) {
                    LOG.warn("cannot watch the remembered {} again: {}", stored.roots(), f.error());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot watch the remembered {} again: {}", stored.roots(), e.getMessage());
            }
        }
    }

    private void awaitStopThenShutdown() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown();
    }

    private void shutdown() {
        LOG.info("stopping: finishing the writes in flight");
        try {
            groups.close();
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(paths.pidFile());
        } catch (IOException | RuntimeException e) {
            LOG.warn("stopping: {}", e.toString());
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                LOG.debug("releasing the daemon lock: {}", e.toString());
            }
            LOG.info("daemon stopped");
            terminated.complete(null);
        }
    }
}
