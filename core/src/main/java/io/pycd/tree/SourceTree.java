package io.pycd.tree;

import java.util.List;

/**
 * The result of a walk: every source found (largest first; in the order found from a walk that streamed each source
 * to its caller) and everything passed over.
 *
 * @param sources   sources to consider
 * @param problems  what was skipped or could not be read
 * @param cacheDirs   the {@code __pycache__} folders seen (not entered; never a symlink)
 * @param virtualenvs the virtualenvs below the roots, not entered (their versions are in use: see InUse)
 */
public record SourceTree(List<SourceFile> sources, List<WalkProblem> problems, List<java.nio.file.Path> cacheDirs,
                         List<java.nio.file.Path> virtualenvs) {
}
