package io.pycd.watcher.daemon;

import io.pycd.watcher.daemon.protocol.Codec;
import io.pycd.watcher.daemon.protocol.Reply;
import io.pycd.watcher.daemon.protocol.Request;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to the daemon of one user ({@link DaemonPaths}) and runs its life cycle: start it detached and wait until it
 * answers, send it typed requests, stop it and wait until it is gone, clean up what a crashed one left.
 */
public final class DaemonClient {

    private final DaemonPaths paths;

    public DaemonClient(DaemonPaths paths) {
        this.paths = paths;
    }

    public DaemonPaths paths() {
        return paths;
    }

    /** Sends {@code request}; empty when no daemon answers (none runs, or a crashed one left its socket). */
    public Optional<Reply> send(Request request) throws IOException {
        Optional<String> line = ControlSocket.request(paths.socket(), Codec.encode(request));
        return line.isEmpty() ? Optional.empty() : Optional.of(Codec.decodeReply(line.get(), request));
    }

    /**
     * Sends {@code request}, waiting at most {@code timeout} for the answer; empty when no daemon answers.
     *
     * @throws DaemonException ({@code GONE}) when it did not answer in time
     */
    public Optional<Reply> send(Request request, Duration timeout) throws IOException {
        Optional<String> line = ControlSocket.request(paths.socket(), Codec.encode(request), timeout);
        return line.isEmpty() ? Optional.empty() : Optional.of(Codec.decodeReply(line.get(), request));
    }

    /** The daemon's pid when one answers. */
    public Optional<Long> ping() {
        try {
            return send(new Request.Ping()).map(Reply::pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What the daemon watches and did; empty when none runs. */
    public Optional<Reply.Status> status() throws IOException {
        Optional<Reply> r = send(new Request.Status());
        return r.isEmpty() ? Optional.empty() : Optional.of(expect(r.get(), Reply.Status.class));
    }

    /**
     * Watches the roots of {@code add}; returns once they are reconciled.
     *
     * @throws DaemonException when no daemon runs ({@code GONE}) or it refused ({@code REFUSED})
     */
    public Reply.Added add(Request.Add add) throws IOException {
        Reply r = send(add).orElseThrow(() -> new DaemonException(DaemonException.Kind.GONE, "the daemon went away"));
        return expect(r, Reply.Added.class);
    }

    /** Stops watching {@code roots} and forgets them; empty when no daemon runs. */
    public Optional<Reply.Unwatched> unwatch(List<Path> roots) throws IOException {
        Optional<Reply> r = send(new Request.Unwatch(roots));
        return r.isEmpty() ? Optional.empty() : Optional.of(expect(r.get(), Reply.Unwatched.class));
    }

    /**
     * Asks the daemon to stop and waits until its process has exited (at most {@code timeout}); returns its pid, or
     * empty when none ran. A daemon running in this very process is not waited for: its owner does that
     * ({@link Daemon#awaitTermination}).
     *
     * @throws DaemonException when it did not exit in time ({@code GONE})
     */
    public Optional<Long> stop(Duration timeout) throws IOException {
        Optional<Reply> reply = send(new Request.Stop());
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        long pid = reply.get().pid();
        Optional<ProcessHandle> process = pid == ProcessHandle.current().pid() ? Optional.empty() : ProcessHandle.of(pid);
        if (process.isPresent()) {
            try {
                process.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new DaemonException(DaemonException.Kind.GONE, "the daemon (pid " + pid + ") did not exit within "
                        + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaemonException(DaemonException.Kind.GONE, "interrupted while the daemon stopped");
            }
        }
        return Optional.of(pid);
    }

    /**
     * Makes sure a daemon answers: when none does, removes what a crashed one left and starts {@code command} detached
     * (standard input from {@code /dev/null}, output appended to {@code daemon.out}, working folder {@code /}), then
     * waits until it answers.
     *
     * @param command the daemon's command line, e.g. {@link #javaCommand}
     * @return true when this call started it
     * @throws DaemonException ({@code DID_NOT_START}) when it exited or did not answer within {@code timeout}
     */
    public boolean ensureRunning(List<String> command, Duration timeout) throws IOException {
        paths.ensureRuntimeDir();
        paths.ensureStateDir();
        if (ping().isPresent()) {
            return false;
        }
        removeStale();
        if (ping().isPresent()) {
            return false;
        }
        ProcessBuilder spawn = new ProcessBuilder(command);
        spawn.environment().remove("PYCD_REBUILD"); // the caller's bin/pycd rebuilt already, if it was asked to
        Process child = spawn
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.outFile().toFile()))
                .redirectErrorStream(true)
                .directory(new File("/"))
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ping().isPresent()) {
                return true;
            }
            if (!child.isAlive()) {
                if (ping().isPresent()) {
                    return false; // lost a race with another start: that daemon answers
                }
                throw new DaemonException(DaemonException.Kind.DID_NOT_START, "the daemon exited at start (code "
                        + child.exitValue() + "); see " + paths.outFile() + " and " + paths.logFile());
            }
            try {
                Thread.sleep(20); // polling another process's socket: nothing to wait on here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new DaemonException(DaemonException.Kind.DID_NOT_START, "the daemon did not answer within "
                + timeout.toSeconds() + " s; see " + paths.logFile());
    }

    /**
     * Removes the socket and pid file of a daemon that is gone (nobody holds the daemon lock); returns what its pid
     * file said ({@code ?} when it had none), or empty when there was nothing to remove or a daemon holds the lock.
     */
    public Optional<String> removeStale() throws IOException {
        if (!Files.exists(paths.socket()) && !Files.exists(paths.pidFile())) {
            return Optional.empty();
        }
        return whileNoDaemon(() -> {
            String pid = Files.exists(paths.pidFile()) ? Files.readString(paths.pidFile()).strip() : "?";
            Files.deleteIfExists(paths.socket());
            Files.deleteIfExists(paths.pidFile());
            return pid;
        });
    }

    /**
     * Forgets remembered roots while no daemon runs (one that runs is asked with {@link #unwatch}); empty when a
     * daemon holds the lock meanwhile.
     */
    public Optional<List<Path>> forgetWhileStopped(List<Path> roots) throws IOException {
        if (!Files.isDirectory(paths.runtimeDir())) {
            return Optional.of(RememberedRoots.load(paths).forget(roots));
        }
        return whileNoDaemon(() -> RememberedRoots.load(paths).forget(roots));
    }

    /** The roots remembered for the next start (read from the state folder; no daemon needed). */
    public List<Path> remembered() {
        return RememberedRoots.load(paths).roots();
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the daemon lock; empty when a daemon (starting, running or stopping) holds it. */
    private <T> Optional<T> whileNoDaemon(Locked<T> action) throws IOException {
        try (FileChannel ch = FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return Optional.empty(); // a daemon runs in this very process
            }
            if (lock == null) {
                return Optional.empty();
            }
            try (lock) {
                return Optional.of(action.run());
            }
        }
    }

    /**
     * The command line of a detached daemon running {@code mainClass args}, in its own session ({@code setsid}, so
     * the terminal's signals do not reach it). Started by bin/pycd ({@code -Dpycd.home} names its folder), it is
     * bin/pycd again: the daemon's JVM gets the same options file ({@code bin/jvm.options}) and the same start-up
     * cache (a release's AOT cache or class-data sharing archive, a checkout's archive) as every command, from the one
     * place that decides them. Elsewhere (tests, pycd used as a library) it is this JVM's java on this JVM's class
     * path, with a small heap, JVM messages only on errors, and this client's paths.
     */
    public List<String> javaCommand(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        Optional<Path> launcher = launcher();
        if (launcher.isPresent()) {
            // bash, not the file itself: a wheel's installer need not keep the execute bit of share/pycd/bin/pycd.
            cmd.addAll(List.of("bash", launcher.get().toString()));
            cmd.addAll(args);
            return cmd;
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xss4m", "-Xlog:disable", "-Xlog:all=error:stderr",
                "-Dpycd.daemon=true", "-Dpycd.runtime.dir=" + paths.runtimeDir(),
                "-Dpycd.state.dir=" + paths.stateDir()));
        String log = System.getProperty("pycd.log");
        if (log != null) {
            cmd.add("-Dpycd.log=" + log);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * bin/pycd of the folder {@code -Dpycd.home} names, when this JVM was started by it and talks to the daemon of
     * the environment: bin/pycd's daemon finds its paths in the environment it inherits ({@code XDG_RUNTIME_DIR},
     * {@code XDG_STATE_HOME}), while paths set as system properties (tests) only reach a JVM started with them.
     */
    private Optional<Path> launcher() {
        String home = System.getProperty("pycd.home");
        if (home == null || System.getProperty("pycd.runtime.dir") != null || System.getProperty("pycd.state.dir") != null
                || !paths.equals(DaemonPaths.forUser())) {
            return Optional.empty();
        }
        Path pycd = Path.of(home, "bin", "pycd");
        return Files.isRegularFile(pycd) ? Optional.of(pycd) : Optional.empty();
    }

    private static <R extends Reply> R expect(Reply r, Class<R> type) throws DaemonException {
        if (r instanceof Reply.Failure f) {
            throw new DaemonException(DaemonException.Kind.REFUSED, f.error());
        }
        return type.cast(r);
    }
}
