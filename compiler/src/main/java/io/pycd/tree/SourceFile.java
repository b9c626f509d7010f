package io.pycd.tree;

import java.nio.file.Path;

/**
 * A Python source found by a walk, with the stat the walk took.
 *
 * @param path     the source, as reached from the root given (relative roots stay relative, as with compileall)
 * @param root     the tree's root it was found under
 * @param relative its path below {@code root}, {@code /}-separated ({@code ""} for a file given directly)
 * @param size     its size in bytes
 * @param mtime    its mtime in whole seconds, as CPython records it
 */
public record SourceFile(Path path, Path root, String relative, long size, long mtime) {
}
