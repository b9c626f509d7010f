package io.pycd.cli;

import io.pycd.audit.AuditException;
import io.pycd.audit.AuditOptions;
import io.pycd.audit.Auditor;
import io.pycd.audit.Fixer;
import io.pycd.audit.Progress;
import io.pycd.audit.RepoAudit;
import io.pycd.audit.RepoOutcome;
import io.pycd.audit.fix.Append;
import io.pycd.git.RepositoryFinder;
import io.pycd.cli.audit.JsonReport;
import io.pycd.cli.audit.SarifReport;
import io.pycd.cli.audit.TextReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find caches committed to git and ignore files that let them in.",
                "",
                "Checks, for each repository: caches in the index (__pycache__/ entries, *.pyc, *.pyo, *$py.class,"
                        + " *.pyc.<digits> temp files), every folder holding Python sources against the effective"
                        + " git ignore rules (all .gitignore levels, info/exclude, core.excludesFile; as git"
                        + " check-ignore decides), and every Dockerfile/Containerfile context against its"
                        + " .dockerignore. Prints nothing when all is well."},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  clean (notes may be printed)",
                "  1  findings that fail the audit: tracked caches, missing rules for __pycache__ or .pyc (git or"
                        + " docker), a context without .dockerignore; with --strict also notes (.pyo and $py.class"
                        + " rules, sourceless modules, history)",
                "  2  usage error, or a PATH that is not a repository or cannot be read (named in the message)"})
final class AuditCommand implements Callable<Integer> {

    enum Format { text, json, sarif }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "A repository (or a folder inside one; the whole repository is audited). With"
                    + " --recursive, a folder searched for repositories. Default: the current folder.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--history", description = "Also list every cache ever added on any branch, tag or remote"
            + " branch: the first commit adding it, its size, and the total bytes caches add to the history."
            + " Shows progress on a terminal.")
    boolean history;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: text (default, grouped by repository with the fix for each finding), json, or"
                    + " sarif (SARIF 2.1.0 for code scanning).")
    Format format;

    @Option(names = "--fix", description = "Untrack committed caches (git rm --cached: files stay on disk) and"
            + " append the missing template lines to the root .gitignore and to each context's .dockerignore,"
            + " under a comment line. Never commits. Running it twice changes nothing the second time.")
    boolean fix;

    @Option(names = {"-n", "--dry-run"}, description = "With --fix: show what would change, change nothing.")
    boolean dryRun;

    @Option(names = "--strict", description = "Notes fail the audit too: missing .pyo and $py.class rules,"
            + " sourceless compiled modules, caches in the history.")
    boolean strict;

    @Option(names = {"-r", "--recursive"}, description = "Audit every repository under each PATH (nested"
            + " repositories and submodules included), in parallel, and print a summary table.")
    boolean recursive;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Repositories audited at once with"
            + " --recursive (default: the number of processors).")
    Integer jobs;

    @Override
    public Integer call() {
        Terminal term = Terminal.system();
        PrintStream out = term.out();
        PrintStream err = term.err();
        if (dryRun && !fix) {
            throw new UsageFailure("--dry-run only applies to --fix");
        }
        if (jobs != null && jobs < 1) {
            throw new UsageFailure("--jobs must be at least 1");
        }
        List<Path> targets = targets();
        Auditor auditor = Auditor.forProcess();
        int threads = recursive ? (jobs != null ? jobs : Runtime.getRuntime().availableProcessors()) : 1;
        List<RepoOutcome> outcomes;
        try (ProgressBar bar = new ProgressBar(term, "commits", 0, history && format == Format.text)) {
            Progress progress = (step, done, total) -> {
                bar.total(total);
                bar.done(done);
            };
            outcomes = auditor.auditAll(targets, new AuditOptions(history), threads, progress);
        }

        Map<RepoAudit, Fixer.Plan> plans = new IdentityHashMap<>();
        List<RepoOutcome> finalOutcomes = new ArrayList<>(outcomes);
        if (fix) {
            Fixer fixer = new Fixer(auditor);
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof RepoOutcome.Audited au) {
                    try {
                        Fixer.Plan plan = fixer.plan(au.audit(), strict);
                        plans.put(au.audit(), plan);
                        if (!dryRun && !plan.empty()) {
                            fixer.apply(plan);
                            finalOutcomes.set(i, auditor.outcome(au.path(), new AuditOptions(history),
                                    Progress.NONE));
                        }
                    } catch (AuditException | IOException e) {
                        finalOutcomes.set(i, new RepoOutcome.Failed(au.path(), "fix failed: " + e.getMessage()));
                    }
                }
            }
        }

        List<RepoAudit> audits = new ArrayList<>();
        for (RepoOutcome o : outcomes) {
            if (o instanceof RepoOutcome.Audited a) {
                audits.add(a.audit());
            }
        }
        switch (format) {
            case json -> Json.print(out, JsonReport.of(audits, plans, dryRun));
            case sarif -> Json.print(out, SarifReport.of(audits, strict, version()));
            case text -> text(term, outcomes, finalOutcomes, plans);
        }
        boolean errors = false;
        for (RepoOutcome o : finalOutcomes) {
            if (o instanceof RepoOutcome.Failed f) {
                err.println("pycd: " + f.reason());
                errors = true;
            } else if (o instanceof RepoOutcome.Audited a && format != Format.text) {
                for (String w : a.audit().warnings()) {
                    err.println("pycd: warning: " + a.audit().repo().root() + ": " + w);
                }
            }
        }
        out.flush();
        err.flush();
        if (errors) {
            return ExitCodes.USAGE;
        }
        for (RepoOutcome o : finalOutcomes) {
            if (o instanceof RepoOutcome.Audited a && a.audit().fails(strict)) {
                return ExitCodes.PROBLEMS;
            }
        }
        return ExitCodes.OK;
    }

    private List<Path> targets() {
        List<Path> given = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        if (!recursive) {
            return given;
        }
        List<Path> repos = new ArrayList<>();
        for (Path p : given) {
            if (!Files.isDirectory(p)) {
                throw new UsageFailure(p + ": " + (Files.exists(p) ? "not a folder" : "no such folder"));
            }
            List<Path> found = RepositoryFinder.find(p);
            if (found.isEmpty()) {
                throw new UsageFailure(p + ": no git repository under this folder");
            }
            repos.addAll(found);
        }
        return repos;
    }

    private void text(Terminal term, List<RepoOutcome> outcomes, List<RepoOutcome> afterFix,
                      Map<RepoAudit, Fixer.Plan> plans) {
        PrintStream out = term.out();
        TextReport report = new TextReport(term, strict);
        boolean anything = false;
        for (RepoOutcome o : outcomes) {
            if (!(o instanceof RepoOutcome.Audited a)) {
                continue;
            }
            String s = report.repository(a.audit());
            Fixer.Plan plan = plans.get(a.audit());
            if (plan != null && (!plan.empty() || !plan.notes().isEmpty())) {
                StringBuilder sb = new StringBuilder(s.isEmpty() ? a.audit().repo().root() + "\n" : s);
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
                s = sb.toString();
            }
            if (!s.isEmpty()) {
                out.print(s);
                anything = true;
            }
        }
        if (recursive) {
            if (anything) {
                out.println();
            }
            Path base = paths.size() == 1 ? paths.get(0).toAbsolutePath().normalize() : null;
            out.print(report.table(outcomes, base));
            anything = true;
        }
        // One path that is not a repository: its error says it all, a summary of zeros would only add noise.
        boolean failedAny = outcomes.stream().anyMatch(o -> o instanceof RepoOutcome.Failed);
        if (anything || (failedAny && outcomes.size() > 1)) {
            out.println(report.summary(outcomes));
        }
        if (!dryRun && plans.values().stream().anyMatch(p -> !p.empty())) {
            // The findings above are what the fix started from; the exit code is what is left after it.
            boolean stillFails = afterFix.stream()
                    .anyMatch(o -> o instanceof RepoOutcome.Audited a && a.audit().fails(strict));
            out.println(stillFails ? "after the fix: still failing (the findings no fix covers are listed above)"
                    : "after the fix: passed (review with git status, then commit)");
        }
    }

    private static String version() {
        String v = AuditCommand.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
