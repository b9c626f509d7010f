package io.pycd.watcher;

import io.pycd.cache.CacheState;
import io.pycd.cache.CacheValidator;
import io.pycd.cache.InvalidationMode;
import io.pycd.compile.CacheCompiler;
import io.pycd.compile.CompileSettings;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whether a source needs compiling when a tree is reconciled: its caches' headers, and (timestamp mode) the
 * same-second check. Kept apart until core has the one freshness rule every command uses (its coming
 * {@code Freshness.asRequested(mode).writtenAfterSource()} is this rule).
 */
final class StaleCheck {

    private final CompileSettings settings;
    private final CacheCompiler compiler;

    StaleCheck(CompileSettings settings, CacheCompiler compiler) {
        this.settings = settings;
        this.compiler = compiler;
    }

    /**
     * Stale by its header, or (timestamp mode) older than its source: a cache written before the source's last
     * write can carry the same second and size and still not match (same-second edits).
     */
    boolean isStale(SourceFile f) {
        CacheValidator.SourceBytes bytes = CacheCompiler.memoized(f.path());
        for (Interpreter i : settings.interpreters()) {
            for (CacheState s : compiler.states(f, i, bytes)) {
                if (!(s instanceof CacheState.Fresh)) {
                    return true;
                }
            }
            if (settings.mode() == InvalidationMode.TIMESTAMP) {
                for (int level : settings.optimizeLevels()) {
                    try {
                        BasicFileAttributes c = Files.readAttributes(compiler.cacheOf(f.path(), i, level),
                                BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        if (f.modified().compareTo(c.lastModifiedTime()) >= 0) {
                            return true;
                        }
                    } catch (IOException e) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
