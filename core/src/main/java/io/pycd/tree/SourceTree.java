package io.pycd.tree;

import java.util.List;

/**
 * The result of a walk: every source found (largest first) and everything passed over.
 *
 * @param sources   sources to consider
 * @param problems  what was skipped or could not be read
 * @param cacheDirs the {@code __pycache__} folders seen (not entered; never a symlink)
 */
public record SourceTree(List<SourceFile> sources, List<WalkProblem> problems, List<java.nio.file.Path> cacheDirs) {
}
