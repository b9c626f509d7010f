package io.pycd.cli.audit;

import io.pycd.audit.HistoricCache;
import io.pycd.audit.RepoAudit;
import io.pycd.audit.RepoOutcome;
import io.pycd.audit.TrackedCache;
import io.pycd.cli.Terminal;
import java.util.List;
import java.util.Locale;

/**
 * The human report: grouped by repository, the fix under each finding, nothing at all for a clean repository.
 * Returns text; the caller prints it.
 */
public final class TextReport {

    private final Terminal term;
    private final boolean strict;

    /**
     * @param term   decides the colours (only on a terminal, never with {@code NO_COLOR})
     * @param strict report notes as failures
     */
    public TextReport(Terminal term, boolean strict) {
        this.term = term;
        this.strict = strict;
    }

    private String level(boolean fails) {
        return fails ? failed("error") : term.cyan("note ");
    }

    private String failed(String s) {
        return term.bold(term.red(s));
    }

    private String bold(String s) {
        return term.bold(s);
    }

    private String dim(String s) {
        return term.dim(s);
    }

    /** The report of one repository; empty when there is nothing to say. */
    public String repository(RepoAudit a) {
        if (a.clean() && a.warnings().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(bold(a.repo().root().toString())).append('\n');
        if (!a.tracked().isEmpty()) {
            long failing = a.tracked().stream().filter(t -> t.fails(strict)).count();
            sb.append("  ").append(level(failing > 0)).append(' ').append(plural(a.tracked().size(), "cache"))
                    .append(" tracked by git\n");
            for (TrackedCache t : a.tracked()) {
                sb.append("    ").append(t.path());
                if (t.sourceless()) {
                    sb.append(dim(t.importable() ? "  (sourceless: imported without a source; a deliberate"
                            + " fixture?)" : "  (its source is not tracked)"));
                }
                if (t.ignoredBy() != null) {
                    sb.append(dim("  (already ignored by " + t.ignoredBy() + ")"));
                }
                sb.append('\n');
            }
            sb.append("    fix: git rm --cached -- <path>...   (keeps the files; or: pycd audit --fix)\n");
        }
        for (Groups.GapGroup g : Groups.gaps(a.ignoreGaps(), strict)) {
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
        for (Groups.DockerGroup d : Groups.docker(a.docker(), strict)) {
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
            sb.append("  ").append(level(strict)).append(' ').append(plural(a.history().size(), "cache"))
                    .append(" in the history, ").append(Terminal.bytes(a.historyBytes())).append(" of blobs\n");
            for (HistoricCache h : a.history()) {
                sb.append("    ").append(h.commit(), 0, Math.min(10, h.commit().length())).append("  ")
                        .append(String.format(Locale.ROOT, "%9s", h.bytes() == null ? "?" : Terminal.bytes(h.bytes())))
                        .append("  ").append(h.path()).append('\n');
            }
            sb.append("    fix: only a history rewrite removes them (git filter-repo --invert-paths"
                    + " --path-glob '*.pyc' --path-glob '*/__pycache__/*')\n");
        }
        for (String w : a.warnings()) {
            sb.append("  ").append(term.yellow("warning")).append(' ').append(w).append('\n');
        }
        return sb.toString();
    }

    private static String folders(List<String> dirs) {
        int show = 5;
        String head = String.join(", ", dirs.subList(0, Math.min(show, dirs.size())));
        String what = dirs.size() == 1 ? "folder " : dirs.size() + " folders: ";
        return what + head + (dirs.size() > show ? ", ... (" + (dirs.size() - show) + " more)" : "");
    }

    static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** The closing summary line of a run. */
    public String summary(List<RepoOutcome> outcomes) {
        int repos = 0;
        int failed = 0;
        int errors = 0;
        long tracked = 0;
        long rules = 0;
        long docker = 0;
        long history = 0;
        for (RepoOutcome o : outcomes) {
            if (o instanceof RepoOutcome.Audited au) {
                repos++;
                RepoAudit a = au.audit();
                tracked += a.tracked().size();
                rules += Groups.gaps(a.ignoreGaps(), strict).size();
                docker += Groups.docker(a.docker(), strict).size();
                history += a.history().size();
                if (a.fails(strict)) {
                    failed++;
                }
            } else {
                errors++;
            }
        }
        StringBuilder sb = new StringBuilder("pycd audit: ").append(plural(repos, "repository").replace("ys", "ies"))
                .append(", ").append(plural(tracked, "tracked cache")).append(", ")
                .append(plural(rules, "ignore finding")).append(", ").append(plural(docker, "docker finding"));
        if (history > 0) {
            sb.append(", ").append(plural(history, "cache")).append(" in history");
        }
        if (errors > 0) {
            sb.append(", ").append(errors).append(" not audited");
        }
        sb.append(": ").append(failed > 0 ? failed("FAILED") : errors > 0 ? failed("ERROR") : term.green("passed"));
        return sb.toString();
    }

    /** The {@code --recursive} table: one row per repository. */
    public String table(List<RepoOutcome> outcomes, java.nio.file.Path base) {
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
                sb.append(String.format(Locale.ROOT, fmt, name(o, base), a.tracked().size(),
                        Groups.gaps(a.ignoreGaps(), strict).size(), Groups.docker(a.docker(), strict).size(),
                        a.historyScanned() ? String.valueOf(a.history().size()) : "-", result));
            } else {
                sb.append(String.format(Locale.ROOT, fmt, name(o, base), "-", "-", "-", "-", "ERROR"));
            }
        }
        return sb.toString();
    }

    private static String name(RepoOutcome o, java.nio.file.Path base) {
        java.nio.file.Path p = o instanceof RepoOutcome.Audited a ? a.audit().repo().root() : o.path();
        java.nio.file.Path abs = p.toAbsolutePath().normalize();
        if (base != null && abs.startsWith(base) && !abs.equals(base)) {
            return base.relativize(abs).toString();
        }
        return abs.toString();
    }
}
