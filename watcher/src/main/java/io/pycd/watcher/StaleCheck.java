package io.pycd.watcher;

import io.pycd.cache.Freshness;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.status.SourceStatus;
import io.pycd.tree.SourceFile;

/**
 * Whether a source needs compiling when a tree is reconciled: core's freshness rule as compile asks it (with pycd's
 * record of what it compiled each cache from), plus watch's same-second rule ({@link Freshness#writtenAfterSource()}):
 * a cache written before the source's last write can carry the same second and size and still not match.
 */
final class StaleCheck {

    private final CompileSettings settings;
    private final Freshness freshness;

    /** @param freshness the compiler's rule ({@link io.pycd.compile.CacheCompiler#freshness()}) */
    StaleCheck(CompileSettings settings, Freshness freshness) {
        this.settings = settings;
        this.freshness = freshness.writtenAfterSource();
    }

    boolean isStale(SourceFile f) {
        Freshness.Source compared = Freshness.Source.of(f);
        for (Interpreter i : settings.interpreters()) {
            if (!SourceStatus.allFresh(settings, freshness, f.path(), i, compared)) {
                return true;
            }
        }
        return false;
    }
}
