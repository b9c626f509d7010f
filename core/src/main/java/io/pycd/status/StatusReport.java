package io.pycd.status;

import io.pycd.interpreter.Interpreter;
import io.pycd.tree.WalkProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every cache's state under the trees given, without anything written.
 *
 * @param interpreters the targets
 * @param entries      one per cache, sorted by path
 * @param problems     what the walk passed over
 */
public record StatusReport(List<Interpreter> interpreters, List<StatusEntry> entries, List<WalkProblem> problems) {

    public static final List<String> LABELS = List.of("fresh", "stale", "missing", "orphaned", "wrong-version");

    /** How many caches are in each state, every state present (zero when none). */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        LABELS.forEach(l -> counts.put(l, 0));
        entries.forEach(e -> counts.merge(e.state().label(), 1, Integer::sum));
        return counts;
    }

    /** True when some target interpreter lacks a fresh cache of some source: what {@code --check} fails on. */
    public boolean needsCompile() {
        Map<String, Integer> c = counts();
        return c.get("stale") > 0 || c.get("missing") > 0;
    }
}
