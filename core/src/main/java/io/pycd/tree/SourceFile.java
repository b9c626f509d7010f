package io.pycd.tree;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * A Python source found by a walk, with the stat the walk took.
 *
 * @param path     the source, as reached from the root given (relative roots stay relative, as with compileall)
 * @param root     the tree's root it was found under
 * @param relative its path below {@code root}, {@code /}-separated ({@code ""} for a file given directly)
 * @param size     its size in bytes
 * @param mtime    its mtime in whole seconds, as CPython records it
 * @param modified its exact mtime (a pyc header keeps only whole seconds; the watcher needs more)
 * @param fileKey  its identity (device and inode), or null when unknown
 */
public record SourceFile(Path path, Path root, String relative, long size, long mtime, FileTime modified,
                         Object fileKey) {

    /** A source known only by size and whole-second mtime. */
    public SourceFile(Path path, Path root, String relative, long size, long mtime) {
        this(path, root, relative, size, mtime, FileTime.from(mtime, TimeUnit.SECONDS), null);
    }
}
