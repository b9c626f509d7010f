package io.pycd.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What did not compile among an environment's third-party files ({@code --env}), sorted as pip sorts it when it
 * compiles on install: a file that compile() rejects (Python 2 test data, a template named {@code .py}) is a
 * warning, since nothing will import it, unless {@code strict}; a cache that cannot be written is a failure, and since
 * a read-only site-packages fails for every file in it, such failures are also grouped by folder.
 *
 * @param failed     the failures that count (every failure of a file that is not third-party, and with
 *                   {@code strict} all of them), in the order given
 * @param tolerated  compile() errors of third-party files: warnings
 * @param unwritable third-party folders whose caches could not be written, each with its failures (also in
 *                   {@code failed}), in the order first met
 */
public record ThirdPartyFailures(List<CompileResult.Failed> failed, List<CompileResult.Failed> tolerated,
                                 List<Unwritable> unwritable) {

    /**
     * A folder none of whose failed sources could get a cache written.
     *
     * @param folder  the sources' folder
     * @param sources its failures, the first one's message standing for all
     */
    public record Unwritable(Path folder, List<CompileResult.Failed> sources) {
        public String message() {
            return sources.get(0).message();
        }
    }

    /**
     * @param thirdParty whether a source was walked as an environment's (not named by a PATH)
     * @param strict     {@code --strict}: compile() errors of third-party files are failures too
     */
    public static ThirdPartyFailures of(List<CompileResult.Failed> all, Predicate<Path> thirdParty, boolean strict) {
        List<CompileResult.Failed> failed = new ArrayList<>();
        List<CompileResult.Failed> tolerated = new ArrayList<>();
        Map<Path, List<CompileResult.Failed>> unwritable = new LinkedHashMap<>();
        for (CompileResult.Failed f : all) {
            boolean ours = thirdParty.test(f.source());
            if (ours && !strict && f.error() instanceof CompileError.Raised) {
                tolerated.add(f);
                continue;
            }
            failed.add(f);
            if (ours && f.error() == CompileError.Own.WRITE_ERROR) {
                Path folder = f.source().toAbsolutePath().getParent();
                List<CompileResult.Failed> in = unwritable.get(folder);
                if (in == null) {
                    in = new ArrayList<>();
                    unwritable.put(folder, in);
                }
                in.add(f);
            }
        }
        List<Unwritable> folders = new ArrayList<>();
        for (Map.Entry<Path, List<CompileResult.Failed>> u : unwritable.entrySet()) {
            folders.add(new Unwritable(u.getKey(), List.copyOf(u.getValue())));
        }
        return new ThirdPartyFailures(List.copyOf(failed), List.copyOf(tolerated), List.copyOf(folders));
    }
}
