package io.pycd.cleaner;

import io.pycd.interpreter.InUse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a clean will remove, in the order it lists and removes them, decided before anything is touched. A dry run
 * reports this plan ({@link Cleaner#dryRun}); a real run executes it, so both list the same paths with the same
 * reasons by construction.
 *
 * @param removals       what to remove; an {@code empty-dir} folder comes after the files that empty it
 * @param keptSourceless {@code x.pyc} without {@code x.py}: the only copy of that code, kept without --sourceless
 * @param skipped        what was passed over on purpose
 * @param errors         what could not be read
 * @param kept           cache files that stay (fresh caches of kept versions)
 * @param keepSet        the versions in use, whose fresh caches are kept, with why (none with --all)
 */
public record CleanPlan(List<Removal> removals, List<Path> keptSourceless, List<Skipped> skipped,
                        List<CleanError> errors, long kept, InUse keepSet) {

    public CleanPlan {
        removals = List.copyOf(removals);
        keptSourceless = List.copyOf(keptSourceless);
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    /**
     * The plan without the removals {@code drop} rejects (e.g. erase matches the user declined). An
     * {@code empty-dir} folder whose files are not all removed any more is dropped with them.
     */
    public CleanPlan without(Predicate<Removal> drop) {
        List<Removal> left = new java.util.ArrayList<>();
        java.util.Set<Path> keptBack = new java.util.HashSet<>();
        for (Removal r : removals) {
            if (drop.test(r)) {
                if (r.path().getParent() != null) {
                    keptBack.add(r.path().getParent());
                }
            } else if (!(r.kind() == Removal.Kind.EMPTY_FOLDER && keptBack.contains(r.path()))) {
                left.add(r);
            }
        }
        return new CleanPlan(left, keptSourceless, skipped, errors, kept, keepSet);
    }

    public long bytes() {
        return removals.stream().mapToLong(Removal::bytes).sum();
    }
}
