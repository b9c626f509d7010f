package io.pycd.watcher.daemon;

import io.pycd.fs.CurrentUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where the daemon of one user keeps its socket, pid and lock ({@code $XDG_RUNTIME_DIR/pycd}, else
 * {@code $TMPDIR/pycd-<uid>}, a folder only the user can enter) and its log ({@code $XDG_STATE_HOME/pycd}, else
 * {@code ~/.local/state/pycd}). The system properties {@code pycd.runtime.dir} and {@code pycd.state.dir} override
 * both (tests).
 */
public record DaemonPaths(Path runtimeDir, Path stateDir) {

    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    public static DaemonPaths forUser() {
        return forUser(System.getenv());
    }

    public static DaemonPaths forUser(Map<String, String> env) {
        String runtimeOverride = System.getProperty("pycd.runtime.dir");
        String stateOverride = System.getProperty("pycd.state.dir");
        Path runtime;
        if (runtimeOverride != null) {
            runtime = Path.of(runtimeOverride);
        } else {
            String xdg = env.get("XDG_RUNTIME_DIR");
            runtime = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() && Files.isDirectory(Path.of(xdg))
                    ? Path.of(xdg, "pycd")
                    : Path.of(System.getProperty("java.io.tmpdir"), "pycd-" + uid());
        }
        Path state;
        if (stateOverride != null) {
            state = Path.of(stateOverride);
        } else {
            String xdg = env.get("XDG_STATE_HOME");
            state = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg, "pycd")
                    : Path.of(System.getProperty("user.home"), ".local", "state", "pycd");
        }
        return new DaemonPaths(runtime, state);
    }

    public Path socket() {
        return runtimeDir.resolve("daemon.sock");
    }

    public Path pidFile() {
        return runtimeDir.resolve("daemon.pid");
    }

    public Path lockFile() {
        return runtimeDir.resolve("daemon.lock");
    }

    public Path logFile() {
        return stateDir.resolve("daemon.log");
    }

    /** The roots a daemon watches again when it starts ({@link RememberedRoots}). */
    public Path rememberedFile() {
        return stateDir.resolve("daemon-roots.jsonl");
    }

    /** Standard output and error of the detached JVM (crashes, JVM messages). */
    public Path outFile() {
        return stateDir.resolve("daemon.out");
    }

    /**
     * Creates the runtime folder with mode 0700, or checks an existing one: a real folder (not a link), owned by this
     * user; a wider mode is narrowed to 0700.
     */
    public Path ensureRuntimeDir() throws IOException {
        if (!Files.exists(runtimeDir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(runtimeDir.getParent());
            try {
                Files.createDirectory(runtimeDir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created concurrently: checked below
            }
        }
        PosixFileAttributes a = Files.readAttributes(runtimeDir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException(runtimeDir + " is not a folder (a link or a file); remove it");
        }
        Object owner = Files.getAttribute(runtimeDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(uid())) {
            throw new IOException(runtimeDir + " belongs to another user (uid " + owner + "); refusing to use it");
        }
        if (!a.permissions().equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(runtimeDir, OWNER_ONLY);
        }
        return runtimeDir;
    }

    public Path ensureStateDir() throws IOException {
        return Files.createDirectories(stateDir);
    }

    /** This process's user id. */
    public static int uid() {
        return CurrentUser.uid();
    }
}
