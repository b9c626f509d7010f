package io.pycd.audit;

import java.nio.file.Path;

/** The result of auditing one path: an audit, or the reason there could be none. */
public sealed interface RepoOutcome {

    /** The path as given (or as found by {@code --recursive}). */
    Path path();

    record Audited(Path path, RepoAudit audit) implements RepoOutcome {
    }

    /** Not a repository, an unreadable index, an unreadable repository: named, never fatal to the others. */
    record Failed(Path path, String reason) implements RepoOutcome {
    }
}
