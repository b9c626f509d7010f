package io.pycd.watcher;

import io.pycd.git.GitEnvironment;
import io.pycd.settings.Resolved;
import java.time.Duration;

/**
 * How the watcher reacts, beyond how it compiles.
 *
 * @param settle           quiet time per path before acting on it (debounce)
 * @param respectGitignore folders git ignores are neither watched nor compiled
 * @param pollInterval     how often folders that could not be watched (inotify limits) are polled
 * @param maxWatches       refuse to register more folders than this (simulates inotify exhaustion; -1: no limit)
 * @param maxDirty         paths waiting at most; beyond it the queue is dropped and the root rescanned
 * @param git              where git's configuration is read from (for {@code respectGitignore}): the process
 *                         environment by default, as {@code pycd audit} and git itself read it
 */
public record WatchSettings(Duration settle, boolean respectGitignore, Duration pollInterval, int maxWatches,
                            int maxDirty, GitEnvironment git) {

    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(20);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    public WatchSettings {
        if (settle.isNegative() || pollInterval.isZero() || pollInterval.isNegative() || maxDirty < 1) {
            throw new IllegalArgumentException("settle must be 0 or more, poll interval and queue limit positive");
        }
    }

    public static WatchSettings defaults() {
        return new WatchSettings(DEFAULT_SETTLE, false, DEFAULT_POLL, -1, 100_000, GitEnvironment.fromProcess());
    }

    /** The defaults with the values settings resolution gave. */
    public static WatchSettings of(Resolved.WatchValues values) {
        return defaults().withSettle(values.settle()).withRespectGitignore(values.respectGitignore())
                .withPollInterval(values.pollInterval());
    }

    public WatchSettings withSettle(Duration d) {
        return new WatchSettings(d, respectGitignore, pollInterval, maxWatches, maxDirty, git);
    }

    public WatchSettings withRespectGitignore(boolean b) {
        return new WatchSettings(settle, b, pollInterval, maxWatches, maxDirty, git);
    }

    public WatchSettings withPollInterval(Duration d) {
        return new WatchSettings(settle, respectGitignore, d, maxWatches, maxDirty, git);
    }

    public WatchSettings withMaxWatches(int n) {
        return new WatchSettings(settle, respectGitignore, pollInterval, n, maxDirty, git);
    }

    public WatchSettings withGit(GitEnvironment env) {
        return new WatchSettings(settle, respectGitignore, pollInterval, maxWatches, maxDirty, env);
    }
}
