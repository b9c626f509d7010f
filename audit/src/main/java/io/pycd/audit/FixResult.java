package io.pycd.audit;

import io.pycd.audit.fix.Append;
import java.util.List;

/** What a fix did: all of its plan, or (having undone what it had begun) nothing, or where undoing failed too. */
public sealed interface FixResult {

    Fixer.Plan plan();

    /** Every step of the plan was carried out. */
    record Applied(Fixer.Plan plan) implements FixResult {
    }

    /**
     * A step failed; the index was left as it was and the ignore files already appended to were put back.
     *
     * @param reason      what failed, naming the file
     * @param leftChanged appends that could not be undone (normally none): what is on disk differs from the start
     *                    by exactly these
     */
    record Failed(Fixer.Plan plan, String reason, List<Append> leftChanged) implements FixResult {
        public Failed {
            leftChanged = List.copyOf(leftChanged);
        }
    }
}
