package io.pycd.tree;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * Something a walk passed over, with why: a symlinked folder, a dangling link, an unreadable folder, a name the
 * file system cannot represent.
 *
 * @param path   what was passed over
 * @param reason why, in words
 * @param error  true when the user should act (an unreadable folder), false for a deliberate skip (a symlink)
 */
public record WalkProblem(Path path, String reason, boolean error) {

    /** The order a walk reports them in: by path. */
    // A class, not Comparator.comparing (its lambdas are the JDK's, which Java 17's class-data archive cannot hold,
    // so each would be generated at every start) nor a lambda (a call site every start links on Java 17).
    public static final Comparator<WalkProblem> ORDER = new Comparator<>() {
        @Override
        public int compare(WalkProblem a, WalkProblem b) {
            return a.path().toString().compareTo(b.path().toString());
        }
    };
}
