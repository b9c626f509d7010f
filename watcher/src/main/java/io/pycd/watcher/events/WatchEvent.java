package io.pycd.watcher.events;

import io.pycd.compile.CompileResult;
import io.pycd.interpreter.Interpreter;
import java.nio.file.Path;
import java.util.List;

/** What a watcher reports, one event per thing that happened. The CLI prints them as log lines or JSON Lines. */
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

    /** A source could not be compiled (a syntax error, a read or write error); the watcher goes on. */
    record Error(CompileResult.Failed failure) implements WatchEvent {
    }

    /** A root or folder is walked again, because events may have been lost or rules changed. */
    record Rescan(Path path, String why) implements WatchEvent {
    }

    /**
     * Something the user should know: inotify limits, unreadable folders, or a SyntaxWarning of a source that
     * compiled ({@code path:line: SyntaxWarning: message}).
     */
    record Warning(String message) implements WatchEvent {
    }
}
