package io.pycd.cli.audit;

import io.pycd.audit.FixResult;
import io.pycd.audit.Fixer;
import io.pycd.audit.RepoOutcome;

/**
 * One repository of a run: what the audit found, and with {@code --fix} what the fix planned, did, and left.
 *
 * @param found the audit (or why there is none)
 * @param plan  the fix worked out for it; null without {@code --fix} or when none could be worked out
 * @param fix   what applying the plan did; null without {@code --fix}, for a dry run, or without a plan
 * @param after the audit after the fix (a new audit when the fix changed something, else {@code found}), or why
 *              there is none (the fix could not be worked out)
 */
public record RepoResult(RepoOutcome found, Fixer.Plan plan, FixResult fix, RepoOutcome after) {

    /** A repository audited without {@code --fix}. */
    public static RepoResult audited(RepoOutcome found) {
        return new RepoResult(found, null, null, found);
    }

    /** Did a fix change something on disk (all of its plan)? */
    public boolean changed() {
        return fix instanceof FixResult.Applied && !plan.empty();
    }

    /** Did a fix fail (changing nothing, or only what {@link FixResult.Failed#leftChanged()} lists)? */
    public boolean fixFailed() {
        return fix instanceof FixResult.Failed;
    }
}
