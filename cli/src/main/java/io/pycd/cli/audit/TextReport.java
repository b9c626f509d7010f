package io.pycd.cli.audit;

import io.pycd.audit.CacheKind;
import io.pycd.audit.DockerFinding;
import io.pycd.audit.FixResult;
import io.pycd.audit.Fixer;
import io.pycd.audit.HistoricCache;
import io.pycd.audit.HistoryRewrite;
import io.pycd.audit.RepoAudit;
import io.pycd.audit.RepoOutcome;
import io.pycd.audit.TrackedCache;
import io.pycd.audit.fix.Append;
import io.pycd.cli.Terminal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The human report: grouped by repository, the fix under each finding, nothing at all for a clean repository.
 * Returns text; the caller prints it.
 */
public final class TextReport {

    /** History entries listed before the rest are counted; JSON lists them all. */
    static final int HISTORY_SHOWN = 10;

    private final Terminal term;
    private final boolean strict;
    private final Path historyPaths;

    /**
     * @param term         decides the colours (only on a terminal, never with {@code NO_COLOR})
     * @param strict       report notes as failures
     * @param historyPaths where {@code --history-paths} wrote the rewrite's paths, or null
     */
    public TextReport(Terminal term, boolean strict, Path historyPaths) {
        this.term = term;
        this.strict = strict;
        this.historyPaths = historyPaths;
    }

    private String level(boolean fails) {
        return fails ? failed("error") : term.cyan("note ");
    }

    private String failed(String s) {
        return term.bold(term.red(s));
    }

    /**
     * The whole report of a run, summary line included (none for a single path that is not a repository, none when
     * {@code quiet}: -q drops the summary line, as for every command).
     */
    public String render(List<RepoResult> results, boolean dryRun, boolean recursive, Path base, boolean quiet) {
        StringBuilder out = new StringBuilder();
        for (RepoResult r : results) {
            if (!(r.found() instanceof RepoOutcome.Audited a)) {
                continue;
            }
            String s = repository(a.audit());
            String fix = fix(r, dryRun);
            if (!fix.isEmpty()) {
                s = (s.isEmpty() ? a.audit().repo().root() + "\n" : s) + fix;
            }
            out.append(s);
        }
        List<RepoOutcome> found = results.stream().map(RepoResult::found).toList();
        if (recursive) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(table(found, base));
        }
        // One path that is not a repository: its error says it all, a summary of zeros would only add noise.
        boolean failedAny = found.stream().anyMatch(o -> o instanceof RepoOutcome.Failed);
        if (!quiet && (out.length() > 0 || (failedAny && found.size() > 1))) {
            out.append(summary(results)).append('\n');
        }
        return out.toString();
    }

    /**
     * Jython's {@code $py.class} caches are shown where they fail ({@code --strict}) or where the repository holds
     * one (tracked, or in its history): elsewhere nothing suggests Jython and the note is noise. JSON and SARIF keep
     * every kind.
     */
    /**
     * Which kinds of gap this repository's report shows: Jython's {@code $py.class} only with {@code --strict} or where
     * the repository holds one (tracked or in its history). Asked once per report, not once per gap.
     */
    private Predicate<CacheKind> shown(RepoAudit a) {
        boolean jython = strict || a.tracked().stream().anyMatch(t -> isJython(t.path()))
                || a.history().stream().anyMatch(h -> isJython(h.path()));
        return kind -> kind != CacheKind.CLASS || jython;
    }

    private static boolean isJython(String path) {
        return path.endsWith("$py.class") || path.endsWith("$py.class\"");
    }

    private List<Groups.GapGroup> gaps(RepoAudit a) {
        Predicate<CacheKind> shown = shown(a);
        return Groups.gaps(a.ignoreGaps().stream().filter(g -> shown.test(g.kind())).toList(), strict);
    }

    private List<Groups.DockerGroup> docker(RepoAudit a) {
        Predicate<CacheKind> shown = shown(a);
        return Groups.docker(a.docker().stream()
                .filter(f -> !(f instanceof DockerFinding.Gap g) || shown.test(g.kind())).toList(), strict);
    }

    /** A tracked module without a source: Python imports it directly, so it may be kept on purpose (a note). */
    private static boolean possibleFixture(TrackedCache t) {
        return t.sourceless() && t.importable();
    }

    /** The report of one repository; empty when there is nothing to say. */
    public String repository(RepoAudit a) {
        List<Groups.GapGroup> gaps = gaps(a);
        List<Groups.DockerGroup> docker = docker(a);
        if (a.tracked().isEmpty() && a.history().isEmpty() && gaps.isEmpty() && docker.isEmpty()
                && a.warnings().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(term.bold(a.repo().root().toString())).append('\n');
        tracked(sb, a);
        for (Groups.GapGroup g : gaps) {
            sb.append("  ").append(level(g.fails())).append(' ');
            if (g.reinclusion()) {
                sb.append(String.join(", ", g.kinds())).append(" caches re-included by ").append(g.rule())
                        .append(" in ").append(folders(g.dirs())).append('\n');
                sb.append("    fix: remove or narrow that line\n");
            } else {
                sb.append("no ignore rule for ").append(String.join(", ", g.kinds())).append(" caches in ")
                        .append(folders(g.dirs())).append('\n');
                sb.append("    fix: add `").append(g.rule()).append("` to .gitignore   (pycd ignore add, or pycd"
                        + " audit --fix)\n");
            }
        }
        for (Groups.DockerGroup d : docker) {
            sb.append("  ").append(level(d.fails())).append(' ');
            if (d.missing()) {
                sb.append(d.dockerfile()).append(": no .dockerignore in its context ").append(d.context())
                        .append(": caches are copied into the image\n");
                sb.append("    fix: pycd ignore add --kind docker ").append(d.context()).append('\n');
            } else {
                sb.append(d.ignoreFile()).append(" lets ").append(String.join(", ", d.kinds()))
                        .append(" caches into the image of ").append(d.dockerfile()).append(" from ")
                        .append(folders(d.dirs())).append('\n');
                sb.append("    fix: add `").append(d.rule()).append("` to ").append(d.ignoreFile())
                        .append("   (Docker patterns are relative to the context root)\n");
            }
        }
        if (a.historyScanned() && !a.history().isEmpty()) {
            history(sb, a);
        }
        for (String w : a.warnings()) {
            sb.append("  ").append(term.yellow("warning")).append(' ').append(w).append('\n');
        }
        return sb.toString();
    }

    /** Tracked caches (failures) apart from sourceless modules (notes unless --strict, kept by --fix). */
    private void tracked(StringBuilder sb, RepoAudit a) {
        List<TrackedCache> caches = a.tracked().stream().filter(t -> !possibleFixture(t)).toList();
        List<TrackedCache> modules = a.tracked().stream().filter(TextReport::possibleFixture).toList();
        boolean bare = a.repo().bare();
        if (!caches.isEmpty()) {
            sb.append("  ").append(level(true)).append(' ').append(Terminal.plural(caches.size(), "cache"))
                    .append(" tracked by git\n");
            for (TrackedCache t : caches) {
                sb.append("    ").append(t.path());
                if (t.sourceless()) {
                    sb.append(term.dim("  (its source is not tracked)"));
                }
                ignoredBy(sb, t);
            }
            sb.append(bare ? "    fix: in a clone with a working tree: git rm --cached -- <path>..., then commit and"
                    + " push (a bare repository has no index)\n"
                    : "    fix: git rm --cached -- <path>...   (keeps the files; or: pycd audit --fix)\n");
        }
        if (!modules.isEmpty()) {
            sb.append("  ").append(level(strict)).append(' ').append(Terminal.plural(modules.size(), "sourceless module"))
                    .append(" tracked by git").append(term.dim("  (imported without a source; deliberate fixtures?)"))
                    .append('\n');
            for (TrackedCache t : modules) {
                sb.append("    ").append(t.path());
                ignoredBy(sb, t);
            }
            sb.append(bare ? "    fix: if not deliberate, in a clone with a working tree: git rm --cached --"
                    + " <path>..., then commit and push\n"
                    : "    fix: if not deliberate: git rm --cached -- <path>...   (or: pycd audit --fix --strict)\n");
        }
    }

    private void ignoredBy(StringBuilder sb, TrackedCache t) {
        if (t.ignoredBy() != null) {
            sb.append(term.dim("  (already ignored by " + t.ignoredBy() + ")"));
        }
        sb.append('\n');
    }

    /** The history, shortened like folder lists, and the rewrite that removes exactly its caches. */
    private void history(StringBuilder sb, RepoAudit a) {
        sb.append("  ").append(level(strict)).append(' ').append(Terminal.plural(a.history().size(), "cache"))
                .append(" in the history, ").append(Terminal.bytes(a.historyBytes())).append(" of blobs\n");
        for (HistoricCache h : a.history().subList(0, Math.min(HISTORY_SHOWN, a.history().size()))) {
            sb.append("    ").append(h.commit(), 0, Math.min(10, h.commit().length())).append("  ")
                    .append(String.format(Locale.ROOT, "%9s", h.bytes() == null ? "?" : Terminal.bytes(h.bytes())))
                    .append("  ").append(h.path()).append('\n');
        }
        if (a.history().size() > HISTORY_SHOWN) {
            sb.append("    ... and ").append(a.history().size() - HISTORY_SHOWN)
                    .append(" more (--format json lists them all)\n");
        }
        HistoryRewrite rewrite = HistoryRewrite.of(a);
        String kept = rewrite.kept().isEmpty() ? ""
                : "; " + Terminal.plural(rewrite.kept().size(), "path") + " tracked today as possible fixtures left out";
        if (rewrite.removed().isEmpty()) {
            sb.append("    fix: none: each is tracked today as a module that may be a deliberate fixture\n");
        } else if (historyPaths != null) {
            sb.append("    fix: only a history rewrite removes them: git filter-repo --invert-paths --paths-from-file ")
                    .append(shellWord(historyPaths.toString())).append("   (")
                    .append(Terminal.plural(rewrite.removed().size(), "exact path")).append(" written there").append(kept)
                    .append(")\n");
        } else {
            sb.append("    fix: only a history rewrite removes them: pycd audit --history --history-paths FILE ")
                    .append(shellWord(a.repo().root().toString()))
                    .append(" writes their exact paths, then git filter-repo --invert-paths --paths-from-file FILE")
                    .append(kept.isEmpty() ? "" : "   (" + kept.substring(2) + ")").append('\n');
        }
    }

    /** What {@code --fix} did (or would do) for one repository; empty without a fix. */
    public String fix(RepoResult r, boolean dryRun) {
        Fixer.Plan plan = r.plan();
        if (plan == null || (plan.empty() && plan.notes().isEmpty())) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (r.fix() instanceof FixResult.Failed f) {
            sb.append("  fix: ").append(failed("not done")).append(f.leftChanged().isEmpty()
                    ? ": nothing was changed (the error says why)\n"
                    : ": the error says why; left changed: " + String.join(", ",
                            f.leftChanged().stream().map(Append::display).toList()) + "\n");
            return sb.toString();
        }
        String verb = dryRun ? "would " : "";
        if (!plan.untrack().isEmpty()) {
            sb.append("  fix: ").append(verb).append(dryRun ? "untrack " : "untracked ")
                    .append(plan.untrack().size()).append(" cache(s) (files kept on disk)\n");
        }
        for (Append ap : plan.appends()) {
            sb.append("  fix: ").append(verb).append(dryRun ? (ap.create() ? "create " : "append to ")
                    : (ap.create() ? "created " : "appended to ")).append(ap.display()).append(": ")
                    .append(String.join("  ", ap.lines())).append('\n');
        }
        for (String n : plan.notes()) {
            sb.append("  not fixed: ").append(n).append('\n');
        }
        if (!dryRun && !plan.empty()) {
            sb.append("  nothing was committed: review with git status, then commit\n");
        }
        return sb.toString();
    }

    /** A word the shell reads back as {@code s}: as is when it is plain, else in single quotes. */
    private static String shellWord(String s) {
        return !s.isEmpty() && s.matches("[A-Za-z0-9_./+:@%=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String folders(List<String> dirs) {
        int show = 5;
        String head = String.join(", ", dirs.subList(0, Math.min(show, dirs.size())));
        String what = dirs.size() == 1 ? "folder " : dirs.size() + " folders: ";
        return what + head + (dirs.size() > show ? ", ... (" + (dirs.size() - show) + " more)" : "");
    }

    /**
     * The closing summary line of a run: counts of what the audit found, and one verdict, on what is true when
     * the run ends (after the fix, when a fix changed something).
     */
    public String summary(List<RepoResult> results) {
        int repos = 0;
        int failed = 0;
        int errors = 0;
        long tracked = 0;
        long modules = 0;
        long rules = 0;
        long docker = 0;
        long history = 0;
        int fixFailed = 0;
        boolean changed = false;
        boolean failsAfter = false;
        int errorsAfter = 0;
        for (RepoResult r : results) {
            if (r.found() instanceof RepoOutcome.Audited au) {
                repos++;
                RepoAudit a = au.audit();
                modules += a.tracked().stream().filter(TextReport::possibleFixture).count();
                tracked += a.tracked().size() - a.tracked().stream().filter(TextReport::possibleFixture).count();
                rules += gaps(a).size();
                docker += docker(a).size();
                history += a.history().size();
                if (a.fails(strict)) {
                    failed++;
                }
            } else {
                errors++;
            }
            fixFailed += r.fixFailed() ? 1 : 0;
            changed |= r.changed();
            if (r.after() instanceof RepoOutcome.Audited au) {
                failsAfter |= au.audit().fails(strict);
            } else {
                errorsAfter++;
            }
        }
        StringBuilder sb = new StringBuilder("pycd audit: ").append(Terminal.plural(repos, "repository").replace("ys", "ies"))
                .append(", ").append(Terminal.plural(tracked, "tracked cache"));
        if (modules > 0) {
            sb.append(", ").append(Terminal.plural(modules, "sourceless module"));
        }
        sb.append(", ").append(Terminal.plural(rules, "ignore finding")).append(", ").append(Terminal.plural(docker, "docker finding"));
        if (history > 0) {
            sb.append(", ").append(Terminal.plural(history, "cache")).append(" in history");
        }
        if (errors > 0) {
            sb.append(", ").append(errors).append(" not audited");
        }
        if (fixFailed > 0) {
            sb.append(", ").append(Terminal.plural(fixFailed, "fix")).append(fixFailed == 1 ? " failed" : "es failed");
        }
        if (changed) {
            // the findings above are what the fix started from: say once what is true now
            sb.append("; after the fix: ").append(failsAfter ? failed("still failing") + " (pycd audit lists what is"
                    + " left)" : errorsAfter + fixFailed > 0 ? failed("ERROR")
                    : term.green("passed") + " (review with git status, then commit)");
        } else {
            sb.append(": ").append(failed > 0 ? failed("FAILED") : errors + fixFailed > 0 ? failed("ERROR")
                    : term.green("passed"));
        }
        return sb.toString();
    }

    /** The {@code --recursive} table: one row per repository. */
    public String table(List<RepoOutcome> outcomes, Path base) {
        StringBuilder sb = new StringBuilder();
        int width = "repository".length();
        for (RepoOutcome o : outcomes) {
            width = Math.max(width, name(o, base).length());
        }
        String fmt = "%-" + width + "s  %7s  %6s  %6s  %7s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "repository", "tracked", "ignore", "docker", "history", "result"));
        for (RepoOutcome o : outcomes) {
            if (o instanceof RepoOutcome.Audited au) {
                RepoAudit a = au.audit();
                String result = a.fails(strict) ? "FAIL" : a.clean() ? "ok" : "notes";
                sb.append(String.format(Locale.ROOT, fmt, name(o, base),
                        a.tracked().stream().filter(t -> !possibleFixture(t)).count(), gaps(a).size(),
                        docker(a).size(),
                        a.historyScanned() ? String.valueOf(a.history().size()) : "-", result));
            } else {
                sb.append(String.format(Locale.ROOT, fmt, name(o, base), "-", "-", "-", "-", "ERROR"));
            }
        }
        return sb.toString();
    }

    private static String name(RepoOutcome o, Path base) {
        Path p = o instanceof RepoOutcome.Audited a ? a.audit().repo().root() : o.path();
        Path abs = p.toAbsolutePath().normalize();
        if (base != null && abs.startsWith(base) && !abs.equals(base)) {
            return base.relativize(abs).toString();
        }
        return abs.toString();
    }
}
