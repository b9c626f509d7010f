package io.pycd.watcher.daemon.protocol;

import io.pycd.compile.CompileReport;
import io.pycd.status.StatusReport;
import java.nio.file.Path;
import java.util.List;

/** What the daemon answers, one type per request, or {@link Failure}. Every reply names the daemon's pid. */
public sealed interface Reply {

    long pid();

    /** The answer to {@link Request.Ping}. */
    record Pong(long pid) implements Reply {
    }

    /** The request could not be done; {@code error} says why, in words. */
    record Failure(long pid, String error) implements Reply {
    }

    /**
     * The answer to {@link Request.Add}, once the new roots are reconciled and watched.
     *
     * @param roots   the roots this request added
     * @param already roots that were watched already (or lie inside a watched root)
     * @param seconds how long the reconcile took
     */
    record Added(long pid, List<Root> roots, List<Path> already, double seconds) implements Reply {
        public Added {
            roots = List.copyOf(roots);
            already = List.copyOf(already);
        }
    }

    /**
     * The answer to {@link Request.Unwatch}.
     *
     * @param unwatched  roots no longer watched nor remembered
     * @param notWatched roots that were neither
     */
    record Unwatched(long pid, List<Path> unwatched, List<Path> notWatched) implements Reply {
        public Unwatched {
            unwatched = List.copyOf(unwatched);
            notWatched = List.copyOf(notWatched);
        }
    }

    /** The answer to {@link Request.Stop}: the daemon stops once it is sent. */
    record Stopping(long pid) implements Reply {
    }

    /**
     * The answer to {@link Request.Status}.
     *
     * @param remember   whether this daemon remembers its roots across restarts
     * @param remembered the roots a daemon that remembers watches again when it starts (watched now or not)
     * @param lastErrors the last errors, newest last ({@code path:line:column: Error: message})
     */
    record Status(long pid, double uptimeSeconds, boolean remember, List<Root> roots, List<Path> remembered,
                  long compiled, long errors, long removed, long rescans, Latency latency, List<String> lastErrors)
            implements Reply {
        public Status {
            roots = List.copyOf(roots);
            remembered = List.copyOf(remembered);
            lastErrors = List.copyOf(lastErrors);
        }
    }

    /**
     * The answer to {@link Request.Compile}: the report a walk-based compile would have given (paths absolute; no
     * workers were started for it by the asker).
     */
    record Compiled(long pid, CompileReport report) implements Reply {
    }

    /** The answer to {@link Request.States}: the report a walk-based status would have given (paths absolute). */
    record StatesFound(long pid, StatusReport report) implements Reply {
    }

    /** The daemon cannot answer a {@link Request.Compile} or {@link Request.States} as a walk would: {@code why}. */
    record Declined(long pid, String why) implements Reply {
    }

    /**
     * One watched root.
     *
     * @param files         sources under it
     * @param folders       folders with a watch
     * @param polledFolders folders polled because they could not be watched
     * @param ready         its start-up reconcile is done
     */
    record Root(Path path, int files, int folders, int polledFolders, boolean ready) {
    }

    /**
     * Latency from a change seen to its cache in place, over the last compiles.
     *
     * @param p50 NaN when there is no sample
     * @param p95 NaN when there is no sample
     */
    record Latency(int samples, double p50, double p95) {
    }
}
