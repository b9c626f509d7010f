package io.pycd.watcher.daemon.protocol;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What a client can ask the daemon: a closed set, one JSON line each ({@link Codec}). */
public sealed interface Request {

    /** Is a daemon there? Answered by {@link Reply.Pong}. */
    record Ping() implements Request {
    }

    /** What it watches and what it did since it started: {@link Reply.Status}. */
    record Status() implements Request {
    }

    /**
     * Watch {@code roots} (absolute folders) with {@code settings}: {@link Reply.Added} once they are reconciled.
     *
     * @param remember also rewatch them when the daemon starts again (unless the daemon runs without remembering)
     */
    record Add(GroupSettings settings, List<Path> roots, boolean remember) implements Request {
        public Add {
            roots = List.copyOf(roots);
        }
    }

    /** Stop watching {@code roots} (absolute) and forget them: {@link Reply.Unwatched}. */
    record Unwatch(List<Path> roots) implements Request {
        public Unwatch {
            roots = List.copyOf(roots);
        }
    }

    /** Finish the writes in flight and exit: {@link Reply.Stopping}, then the daemon goes. */
    record Stop() implements Request {
    }

    /**
     * What {@code pycd compile} with {@code settings} would report for the folders {@code roots} (absolute, each a
     * watched root or inside one), without walking them: {@link Reply.Compiled} once every change made before the
     * request is compiled, or {@link Reply.Declined}.
     *
     * @param maxWait how long the daemon may take before it declines
     */
    record Compile(TreeSettings settings, List<Path> roots, Duration maxWait) implements Request {
        public Compile {
            roots = List.copyOf(roots);
        }
    }

    /**
     * What {@code pycd status} with {@code settings} would report for the folders {@code roots}, without walking them:
     * {@link Reply.StatesFound} once every change made before the request is acted on, or {@link Reply.Declined}.
     *
     * @param listFresh list fresh caches one by one too (else they are only counted)
     * @param maxWait      how long the daemon may take before it declines
     */
    record States(TreeSettings settings, List<Path> roots, boolean listFresh, Duration maxWait) implements Request {
        public States {
            roots = List.copyOf(roots);
        }
    }
}
