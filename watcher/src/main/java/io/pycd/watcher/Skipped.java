package io.pycd.watcher;

import io.pycd.tree.SourceNames;
import io.pycd.tree.WalkProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a walk of one root passes over (symlinked folders, dangling links, unreadable folders, names that are not
 * UTF-8, and virtualenvs, whose versions status counts as in use), as its last reconcile found it, and whether that is still what a walk would find. The watcher follows
 * sources change by change, but not these: any change that could alter them (a symlink, a folder's permissions, a
 * name Java cannot represent, a virtualenv marker, the removal of what was passed over) makes the record stale until
 * the next reconcile walks again.
 */
final class Skipped {

    private final AtomicLong changes = new AtomicLong();
    /**
     * What a walk passed over.
     *
     * @param problems    what it reports as skipped
     * @param virtualenvs the virtualenvs it did not enter
     */
    record Passed(List<WalkProblem> problems, List<Path> virtualenvs) {
    }

    private volatile Passed recorded = new Passed(List.of(), List.of());
    private volatile long recordedAt = -1;

    /** The generation a reconcile reads before it walks, and gives back with what it found. */
    long generation() {
        return changes.get();
    }

    /** What a reconcile's walk, started at {@code generation}, passed over. */
    void record(List<WalkProblem> problems, List<Path> virtualenvs, long generation) {
        recorded = new Passed(List.copyOf(problems), List.copyOf(virtualenvs));
        recordedAt = generation;
    }

    /** What a walk would pass over now, or empty when a change since the last reconcile may have altered it. */
    Optional<Passed> current() {
        Passed now = recorded;
        return recordedAt == changes.get() ? Optional.of(now) : Optional.empty();
    }

    /** Something a walk would now pass over differently may have changed. */
    void changed() {
        changes.incrementAndGet();
    }

    /**
     * An entry was created, or changed ({@code modified}: for a folder, its permissions, as no other change of a
     * folder is an event): a symlink, an odd name, a virtualenv marker or a folder a walk may now fail to read.
     */
    void touched(Path path, boolean modified) {
        String name = path.getFileName().toString();
        if (!SourceNames.isRepresentable(name) || SourceNames.VIRTUALENV_MARKER.equals(name)
                || isRecordedAtOrBelow(path)) {
            changed();
            return;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink() || modified && a.isDirectory()) {
                changed();
            }
        } catch (IOException e) {
            // gone again: its removal is an event of its own
        }
    }

    /** An entry or folder was removed: what was passed over there is gone, and a virtualenv may be a folder again. */
    void removed(Path path) {
        if (SourceNames.VIRTUALENV_MARKER.equals(path.getFileName().toString()) || isRecordedAtOrBelow(path)) {
            changed();
        }
    }

    private boolean isRecordedAtOrBelow(Path path) {
        Passed now = recorded;
        for (WalkProblem p : now.problems()) {
            if (p.path().startsWith(path)) {
                return true;
            }
        }
        for (Path venv : now.virtualenvs()) {
            if (venv.startsWith(path)) {
                return true;
            }
        }
        return false;
    }
}
