package io.pycd.status;

import io.pycd.cache.CacheState;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.WalkProblem;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every cache's state under the trees given, without anything written.
 *
 * @param interpreters  the targets
 * @param entries       one per cache, sorted by path ({@link StatusEntry#ORDER})
 * @param problems      what the walk passed over
 * @param virtualenvs   the virtualenvs below the roots the walk passed over (their versions are in use: see
 *                      {@link StatusScanner#judgeOtherTags})
 * @param freshUnlisted fresh caches counted but not listed in {@code entries} (a daemon's answer for output that only
 *                      counts them); 0 for a walk's report, which lists every cache
 */
public record StatusReport(List<Interpreter> interpreters, List<StatusEntry> entries, List<WalkProblem> problems,
                           List<Path> virtualenvs, int freshUnlisted) {

    /** How many caches are in each state, every state present (zero when none), in {@link CacheState.Kind} order. */
    public Map<CacheState.Kind, Integer> counts() {
        Map<CacheState.Kind, Integer> counts = new EnumMap<>(CacheState.Kind.class);
        for (CacheState.Kind kind : CacheState.Kind.values()) {
            counts.put(kind, 0);
        }
        counts.put(CacheState.Kind.FRESH, freshUnlisted);
        entries.forEach(e -> counts.merge(e.state().kind(), 1, Integer::sum));
        return counts;
    }

    /** True when some target interpreter lacks a fresh cache of some source: what {@code --check} fails on. */
    public boolean needsCompile() {
        Map<CacheState.Kind, Integer> c = counts();
        return c.get(CacheState.Kind.STALE) > 0 || c.get(CacheState.Kind.MISSING) > 0;
    }

    /** Paths the walk could not read ({@link WalkProblem#error}): sources may lie there whose caches nobody looked at. */
    public long unreadable() {
        return problems.stream().filter(WalkProblem::error).count();
    }

    /** What {@code --check} fails on: a cache stale or missing, or a path the walk could not read (it may hide one). */
    public boolean checkFails() {
        return needsCompile() || unreadable() > 0;
    }
}
