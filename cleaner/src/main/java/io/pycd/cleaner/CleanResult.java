package io.pycd.cleaner;

import io.pycd.interpreter.InUse;
import java.nio.file.Path;
import java.util.List;

/**
 * What a clean removed (or, for a dry run, would remove), in plan order.
 *
 * @param removed        what is gone (dry run: what would go)
 * @param keptSourceless sourceless modules left alone
 * @param skipped        what was passed over on purpose, including paths that changed after planning
 * @param errors         what could not be read or removed
 * @param kept           cache files that stay
 * @param keepSet        the versions in use, whose fresh caches are kept, with why (none with --all)
 * @param dryRun         true when nothing was changed
 */
public record CleanResult(List<Removal> removed, List<Path> keptSourceless, List<Skipped> skipped,
                          List<CleanError> errors, long kept, InUse keepSet, boolean dryRun) {

    public CleanResult {
        removed = List.copyOf(removed);
        keptSourceless = List.copyOf(keptSourceless);
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    public long bytesFreed() {
        return removed.stream().mapToLong(Removal::bytes).sum();
    }

    public long filesRemoved() {
        return removed.stream().mapToLong(Removal::files).sum();
    }

    public long foldersRemoved() {
        return removed.stream().mapToLong(Removal::folders).sum();
    }
}
