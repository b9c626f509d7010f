package io.pycd.cli.audit;

import io.pycd.audit.DockerFinding;
import io.pycd.audit.IgnoreGap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collapses per-folder gaps into one finding per missing rule (or per rule that re-includes caches), the form
 * people and code-scanning tools read; JSON keeps every folder.
 */
final class Groups {

    private Groups() {
    }

    /**
     * One collapsed ignore finding.
     *
     * @param rule        the template line missing, or the rule re-including caches
     * @param reinclusion true when {@code rule} is an existing {@code !} rule rather than a missing line
     * @param kinds       the kinds of cache concerned, in order
     * @param dirs        the folders concerned, in order
     * @param fails       whether any of the gaps fails the audit
     */
    record GapGroup(String rule, boolean reinclusion, List<String> kinds, List<String> dirs, boolean fails) {
    }

    static List<GapGroup> gaps(List<IgnoreGap> gaps, boolean strict) {
        Map<String, List<IgnoreGap>> byRule = new LinkedHashMap<>();
        for (IgnoreGap g : gaps) {
            String key = g.reincludedBy() != null ? "!" + g.reincludedBy() : g.ruleMissing();
            byRule.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
        }
        List<GapGroup> out = new ArrayList<>();
        for (var e : byRule.entrySet()) {
            Set<String> kinds = new LinkedHashSet<>();
            Set<String> dirs = new LinkedHashSet<>();
            boolean fails = false;
            for (IgnoreGap g : e.getValue()) {
                kinds.add(g.kind().id());
                dirs.add(g.dir());
                fails |= g.fails(strict);
            }
            boolean re = e.getKey().startsWith("!") && e.getValue().get(0).reincludedBy() != null;
            out.add(new GapGroup(re ? e.getValue().get(0).reincludedBy() : e.getKey(), re, List.copyOf(kinds),
                    List.copyOf(dirs), fails));
        }
        // failing groups first, so that the first line read is the one that matters
        out.sort((a, b) -> Boolean.compare(b.fails, a.fails));
        return out;
    }

    /** Docker findings of one ignore file (or missing file), collapsed by missing rule. */
    record DockerGroup(String dockerfile, String context, String ignoreFile, boolean missing, String rule,
                       List<String> kinds, List<String> dirs, boolean fails) {
    }

    static List<DockerGroup> docker(List<DockerFinding> findings, boolean strict) {
        Map<String, List<DockerFinding>> by = new LinkedHashMap<>();
        for (DockerFinding f : findings) {
            String key = f instanceof DockerFinding.Gap g ? f.dockerfile() + "\0" + g.ruleMissing()
                    : f.dockerfile() + "\0";
            by.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        List<DockerGroup> out = new ArrayList<>();
        for (List<DockerFinding> list : by.values()) {
            DockerFinding first = list.get(0);
            if (first instanceof DockerFinding.Missing m) {
                out.add(new DockerGroup(m.dockerfile(), m.context(), null, true, null, List.of(), List.of(),
                        m.fails(strict)));
                continue;
            }
            DockerFinding.Gap g0 = (DockerFinding.Gap) first;
            Set<String> kinds = new LinkedHashSet<>();
            Set<String> dirs = new LinkedHashSet<>();
            boolean fails = false;
            for (DockerFinding f : list) {
                DockerFinding.Gap g = (DockerFinding.Gap) f;
                kinds.add(g.kind().id());
                dirs.add(g.dir());
                fails |= g.fails(strict);
            }
            out.add(new DockerGroup(g0.dockerfile(), g0.context(), g0.ignoreFile(), false, g0.ruleMissing(),
                    List.copyOf(kinds), List.copyOf(dirs), fails));
        }
        out.sort((a, b) -> Boolean.compare(b.fails, a.fails));
        return out;
    }
}
