package io.pycd.watcher;

import io.pycd.git.GitEnvironment;
import io.pycd.git.GitRepo;
import io.pycd.git.NotARepositoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holding changes while git works in a root's repository, as Watchman does: while {@code index.lock} exists (a
 * checkout, merge or rebase in progress) the files are in flux, so changes that settle are held (a set of paths)
 * instead of compiled; once git releases its lock they are handed back, to be compiled in one reconcile.
 */
final class GitHold {

    private final Optional<Path> indexLock;
    /** Changes seen while the lock existed: path to when first seen. */
    private final Map<Path, Long> held = new ConcurrentHashMap<>();
    private volatile boolean holding;

    private GitHold(Optional<Path> indexLock) {
        this.indexLock = indexLock;
    }

    /**
     * The hold of the repository holding {@code root}, found as git finds it (a linked worktree's index lock is in its
     * own git folder); one that never holds when the root is in no repository or in a bare one.
     */
    static GitHold forRoot(Path root, GitEnvironment git) {
        try {
            GitRepo repo = GitRepo.locate(root, git);
            return new GitHold(repo.bare() ? Optional.empty() : Optional.of(repo.indexLock()));
        } catch (NotARepositoryException e) {
            return new GitHold(Optional.empty());
        }
    }

    /** True while git holds its index lock (a checkout, merge, rebase...). */
    boolean gitBusy() {
        return indexLock.map(Files::exists).orElse(false);
    }

    /** True from the first change held until {@link #release()}. */
    boolean holding() {
        return holding;
    }

    /** Holds a settled change; true when it starts the hold. */
    boolean hold(Path path, long firstSeen) {
        held.putIfAbsent(path, firstSeen);
        if (holding) {
            return false;
        }
        holding = true;
        return true;
    }

    /**
     * Ends the hold once git is done: the changes held (path to when first seen), or empty while git still works or
     * nothing is held.
     */
    Optional<Map<Path, Long>> release() {
        if (!holding || gitBusy()) {
            return Optional.empty();
        }
        holding = false;
        Map<Path, Long> released = new HashMap<>(held);
        held.keySet().removeAll(released.keySet());
        return Optional.of(released);
    }
}
