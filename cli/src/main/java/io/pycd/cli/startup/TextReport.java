package io.pycd.cli.startup;

import io.pycd.cli.Terminal;
import io.pycd.compile.CompileError;
import io.pycd.compile.CompileResult;
import io.pycd.startup.CompiledModule;
import io.pycd.startup.FixReport;
import io.pycd.startup.PythonProcess;
import io.pycd.startup.Reason;
import io.pycd.startup.RunOutcome;
import io.pycd.startup.StartupProfile;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The human report of {@code pycd startup}: a summary line per run, why modules were compiled, the costliest ones,
 * what to do about each reason, the fix. Returns text; the caller prints it (to standard error: standard output is
 * the command's).
 */
public final class TextReport {

    private final int top;
    private final boolean quiet;
    private final boolean verbose;

    /**
     * @param top     how many modules to list, costliest first ({@code -v}: all)
     * @param quiet   summary lines and failures only
     * @param verbose every module compiled at run time, with why in words
     */
    public TextReport(int top, boolean quiet, boolean verbose) {
        this.top = top;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    public String render(Session session) {
        StringBuilder out = new StringBuilder();
        StartupProfile before = session.before().profile();
        out.append("startup: ").append(summary(session.before().exitCode(), session.before().seconds(), before))
                .append('\n');
        if (!quiet) {
            reasons(out, before);
            modules(out, before);
            hints(out, before, session.fix().isPresent());
        }
        session.fix().ifPresent(fix -> fix(out, fix));
        session.after().ifPresent(after -> after(out, after, before));
        return out.toString();
    }

    /** {@code exit 0 · 2.41 s · imports 1.62 s · compiled at run time 412 in 0.93 s (57% of imports) · from cache 35} */
    static String summary(int exitCode, double seconds, StartupProfile p) {
        StringBuilder s = new StringBuilder("exit ").append(exitCode).append(" · ").append(Terminal.seconds(seconds))
                .append(" · imports ").append(Terminal.seconds(p.importSeconds()))
                .append(" · compiled at run time ").append(Terminal.count(p.compiled().size()));
        if (!p.compiled().isEmpty()) {
            s.append(" in ").append(Terminal.seconds(p.compileSeconds()));
            if (p.importNanos() > 0) {
                s.append(String.format(Locale.ROOT, " (%.0f%% of imports)", 100.0 * p.compileNanos() / p.importNanos()));
            }
        }
        s.append(" · from cache ").append(Terminal.count(p.fromCache().size()));
        if (p.processes().size() > 1) {
            s.append(" · ").append(p.processes().size()).append(" Python processes");
        }
        return s.toString();
    }

    private static Map<Reason, Integer> counts(StartupProfile p) {
        Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
        p.compiled().forEach(m -> counts.merge(m.reason(), 1, Integer::sum));
        return counts;
    }

    private static void reasons(StringBuilder out, StartupProfile p) {
        if (p.compiled().isEmpty()) {
            return;
        }
        StringJoiner why = new StringJoiner(" · ", "  why: ", "\n");
        counts(p).forEach((reason, n) -> why.add(reason.label() + " " + Terminal.count(n)));
        out.append(why);
    }

    private void modules(StringBuilder out, StartupProfile p) {
        List<CompiledModule> shown = verbose ? p.compiled() : p.compiled().stream().limit(top).toList();
        if (shown.isEmpty()) {
            return;
        }
        out.append(verbose ? "  compiled at run time, costliest first:\n" : "  costliest:\n");
        for (CompiledModule m : shown) {
            out.append(String.format(Locale.ROOT, "  %9.1f ms  %-20s %s  %s%n", m.millis(), m.reason().label(),
                    m.module(), m.source()));
            if (verbose) {
                out.append("               ").append(m.why().detail()).append('\n');
            }
        }
        if (shown.size() < p.compiled().size()) {
            out.append("  ... and ").append(Terminal.count(p.compiled().size() - shown.size()))
                    .append(" more (-v lists them all)\n");
        }
    }

    /** What to do about each reason present, once each. */
    private static void hints(StringBuilder out, StartupProfile p, boolean fixing) {
        Map<Reason, Integer> counts = counts(p);
        for (Map.Entry<Reason, Integer> e : counts.entrySet()) {
            String n = Terminal.count(e.getValue());
            // the process of the costliest module compiled for this reason: the one to name in the hint
            PythonProcess first = p.compiled().stream().filter(m -> m.reason() == e.getKey()).findFirst()
                    .orElseThrow().process();
            String hint = switch (e.getKey()) {
                case DONT_WRITE_BYTECODE -> "PYTHONDONTWRITEBYTECODE (or -B) is set: import never writes caches, but "
                        + "reads them; " + n + " modules are compiled at every start until something writes them"
                        + (fixing ? "" : " (pycd startup --fix, or pycd compile)");
                case UNWRITABLE -> n + " caches cannot be written where import looks for them (read-only folders), "
                        + "so they are compiled at every start; " + (fixing ? "" : "pycd startup --fix tries with "
                        + "pycd's rights, else ") + "compile them into a prefix (pycd compile --pycache-prefix DIR) "
                        + "and run with PYTHONPYCACHEPREFIX=DIR";
                case PREFIX_ELSEWHERE -> "this interpreter reads caches only under its pycache prefix "
                        + first.pycachePrefix().map(Object::toString).orElse("") + " (PYTHONPYCACHEPREFIX), where "
                        + n + " were missing: keep that folder between starts, or compile into it "
                        + "(pycd compile --pycache-prefix DIR)";
                case OTHER_INTERPRETER -> n + " modules have caches of other interpreters only: compile them for "
                        + "this one (pycd compile --python " + first.executable() + ")";
                case OTHER_LEVEL -> n + " modules have caches of other optimization levels only: compile at this "
                        + "one (pycd compile -o " + first.optimize() + ")";
                case STALE, NO_CACHE -> null;
            };
            if (hint != null) {
                out.append("  hint: ").append(hint).append('\n');
            }
        }
        int written = counts.getOrDefault(Reason.NO_CACHE, 0) + counts.getOrDefault(Reason.STALE, 0);
        if (written > 0 && !fixing) {
            out.append("  hint: import wrote the caches of ").append(Terminal.count(written)).append(" modules this "
                    + "time, so the next start here reads them; a start from a fresh copy (a container image, a CI "
                    + "cache) compiles them again: pycd startup --fix, or pycd compile at build time\n");
        }
    }

    private void fix(StringBuilder out, FixReport fix) {
        for (FixReport.TargetCompile c : fix.compiles()) {
            PythonProcess.Target t = c.target();
            out.append("fix: ").append(t.executable());
            StringJoiner how = new StringJoiner(", ", " (", ")");
            c.report().interpreters().forEach(i -> how.add(i.cacheTag()));
            if (t.optimize() > 0) {
                how.add("-" + "O".repeat(t.optimize()));
            }
            t.pycachePrefix().ifPresent(prefix -> how.add("prefix " + prefix));
            out.append(how).append(": wrote ").append(Terminal.count(c.report().written().size()))
                    .append(" caches · fresh ").append(Terminal.count(c.report().fresh()))
                    .append(" · failed ").append(Terminal.count(c.report().failed().size())).append('\n');
            boolean unwritable = false;
            for (CompileResult.Failed f : c.report().failed()) {
                out.append("  ").append(f.describe()).append('\n');
                unwritable |= f.error() == CompileError.Own.WRITE_ERROR;
            }
            if (unwritable) {
                out.append("  hint: pycd cannot write those caches either: compile them into a prefix "
                        + "(pycd compile --python ").append(t.executable()).append(" --pycache-prefix DIR ...) and "
                        + "run the command with PYTHONPYCACHEPREFIX=DIR\n");
            }
        }
        fix.problems().forEach(p -> out.append("fix: ").append(p).append('\n'));
    }

    private static void after(StringBuilder out, RunOutcome after, StartupProfile before) {
        if (after instanceof RunOutcome.Observed o) {
            out.append("after: ").append(summary(o.exitCode(), o.seconds(), o.profile())).append('\n');
            Optional<String> saving = saving(before, o.profile());
            saving.ifPresent(s -> out.append(s).append('\n'));
        } else if (after instanceof RunOutcome.Unobserved u) {
            out.append("after: exit ").append(u.exitCode()).append(" · ").append(Terminal.seconds(u.seconds()))
                    .append(" · no Python process reported this time\n");
        } else if (after instanceof RunOutcome.CouldNotStart c) {
            out.append("after: the command could not be started again: ").append(c.message()).append('\n');
        }
    }

    /** {@code imports 1.62 s -> 0.43 s: 3.8x faster} */
    private static Optional<String> saving(StartupProfile before, StartupProfile after) {
        if (before.importNanos() <= 0 || after.importNanos() <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "imports %s -> %s: %.1fx faster", Terminal.seconds(
                before.importSeconds()), Terminal.seconds(after.importSeconds()),
                (double) before.importNanos() / after.importNanos()));
    }
}
