package io.pycd.watcher.events;

import io.pycd.compile.CompileResult;
import io.pycd.interpreter.Interpreter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a watcher reports, one event per thing that happened. Everything the engine has to tell the user is an event
 * (it logs nothing a user needs): the CLI prints them as log lines or JSON Lines, the daemon writes them to its log.
 */
public sealed interface WatchEvent {

    /** Every root is reconciled and watched. */
    record Ready(List<Path> roots, int files, int folders, double seconds) implements WatchEvent {
    }

    /**
     * One cache was written and renamed into place.
     *
     * @param ms from the first change seen to the cache in place (for start-up and rescans: from the submit)
     */
    record Compiled(Path source, Path cache, Interpreter interpreter, double ms) implements WatchEvent {
    }

    /** A cache was removed: its source is gone, or it no longer matches its source. */
    record Removed(Path cache, String reason) implements WatchEvent {
    }

    /**
     * A folder that held nothing but caches was removed once its caches were: what git would have done on a
     * checkout had the caches not been there (an empty folder would import as a namespace package).
     */
    record FolderRemoved(Path folder) implements WatchEvent {
    }

    /** A source could not be compiled (a syntax error, a read or write error); the watcher goes on. */
    record Error(CompileResult.Failed failure) implements WatchEvent {
    }

    /** A cache that had to go could not be removed: it is still there, and {@code why} says why. */
    record NotRemoved(Path path, String why) implements WatchEvent {
    }

    /** The watcher itself failed at something (a bug): what it was doing and the exception. It goes on. */
    record InternalError(String doing, Throwable cause) implements WatchEvent {
        public String message() {
            return doing + ": " + cause;
        }
    }

    /** A root or folder is walked again, because events may have been lost or rules changed. */
    record Rescan(Path path, String why) implements WatchEvent {
    }

    /** A SyntaxWarning of a source that compiled: {@code path:line: SyntaxWarning: message}. */
    record Warning(String message) implements WatchEvent {
    }

    /**
     * A folder could not be watched (inotify limits, or its watch failed) and is polled instead.
     *
     * @param first true for the first such folder of a watcher: the one whose message says how to raise the limit
     */
    record Unwatchable(Path folder, String why, Duration pollInterval, boolean first) implements WatchEvent {
        public String message() {
            String what = "cannot watch " + folder + " (" + why + "); ";
            return first ? what + "folders that cannot be watched are polled every " + pollInterval.toMillis()
                    + " ms instead. Raise the limit: sudo sysctl fs.inotify.max_user_watches=524288 (and put "
                    + "fs.inotify.max_user_watches=524288 in /etc/sysctl.d/90-inotify.conf to keep it)"
                    : what + "polling it every " + pollInterval.toMillis() + " ms";
        }
    }

    /** A path could not be read or stat'ed (an unreadable folder, a dangling link); it is passed over. */
    record Unreadable(Path path, String why) implements WatchEvent {
        public String message() {
            return "cannot read " + path + ": " + why;
        }
    }
}
