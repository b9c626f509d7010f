package io.pycd.cli;

import io.pycd.audit.AuditException;
import io.pycd.audit.AuditOptions;
import io.pycd.audit.Auditor;
import io.pycd.audit.FixResult;
import io.pycd.audit.Fixer;
import io.pycd.audit.HistoryRewrite;
import io.pycd.audit.Progress;
import io.pycd.audit.RepoAudit;
import io.pycd.audit.RepoOutcome;
import io.pycd.cli.audit.JsonReport;
import io.pycd.cli.audit.RepoResult;
import io.pycd.cli.audit.SarifReport;
import io.pycd.cli.audit.TextReport;
import io.pycd.git.RepositoryFinder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class AuditCommand implements Callable<Integer> {

    CommandSpec spec;
    final List<Path> paths = new ArrayList<>();
    boolean history;
    Path historyPaths;
    final SarifOutputOptions output = new SarifOutputOptions();
    boolean fix;
    boolean dryRun;
    boolean strict;
    boolean recursive;
    Integer jobs;

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("audit", this);
        spec.usageMessage()
                .description("Find caches committed to git and ignore files that let them in.",
                        "",
                        "Checks, for each repository: caches in the index (__pycache__/ entries, *.pyc, *.pyo, "
                                + "*$py.class, *.pyc.<digits> temp files), every folder holding Python sources against "
                                + "the effective git ignore rules (all .gitignore levels, info/exclude, "
                                + "core.excludesFile; as git check-ignore decides), and every container build "
                                + "(Dockerfile, Containerfile, *.dockerfile, Dockerfile.*, Containerfile.*) against "
                                + "the .dockerignore it uses. Prints nothing when all is well.")
                .footerHeading("%nExit codes:%n")
                .footer("  0  clean (notes may be printed)",
                        "  1  findings that fail the audit: tracked caches, missing rules for __pycache__ or .pyc (git "
                                + "or docker), a context without .dockerignore; with --strict also notes (.pyo and "
                                + "$py.class rules, sourceless modules, history)",
                        "  2  usage error, a PATH that is not a repository or cannot be read, or a --fix that failed "
                                + "and changed nothing (named in the message)");
        this.spec = spec;
        spec.addPositional(Specs.paths(paths,
                "A repository (or a folder inside one; the whole repository is audited). With"
                        + " --recursive, a folder searched for repositories. Default: the current folder.").build());
        spec.addOption(Specs.flag(this, "history", "--history")
                .description("Also list every cache ever added on any branch, tag or remote branch: the first commit "
                        + "adding it, its size, and the total bytes caches add to the history. Shows progress on a "
                        + "terminal.").build());
        spec.addOption(Specs.option(Path.class, this, "historyPaths", "--history-paths")
                .paramLabel("FILE")
                .description("With --history, one repository: write the exact path of every cache in the history to "
                        + "FILE, as git filter-repo --invert-paths --paths-from-file FILE reads them (modules tracked "
                        + "today that may be deliberate fixtures are left out), and print that command.").build());
        output.addTo(spec);
        spec.addOption(Specs.flag(this, "fix", "--fix")
                .description("Untrack committed caches (git rm --cached: files stay on disk) and append the missing "
                        + "template lines to the root .gitignore and to each build's .dockerignore, under a comment "
                        + "line. All or nothing: when a step fails (git holds the index lock, say) nothing is changed. "
                        + "Never commits. Running it twice changes nothing the second time.").build());
        spec.addOption(Specs.flag(this, "dryRun", "-n", "--dry-run")
                .description("With --fix: show what would change, change nothing.").build());
        spec.addOption(Specs.flag(this, "strict", "--strict")
                .description("Notes fail the audit too: missing .pyo and $py.class rules,"
                        + " sourceless compiled modules, caches in the history.").build());
        spec.addOption(Specs.flag(this, "recursive", "-r", "--recursive")
                .description("Audit every repository under each PATH (nested"
                        + " repositories and submodules included), in parallel, and print a summary table.").build());
        spec.addOption(Specs.option(Integer.class, this, "jobs", "-j", "--jobs")
                .paramLabel("N")
                .description("Repositories audited at once with"
                        + " --recursive (default: the number of processors).").build());
        return Specs.standardHelp(spec);
    }

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
        if (historyPaths != null && (!history || recursive || paths.size() > 1)) {
            throw new UsageFailure("--history-paths needs --history and a single repository");
        }
        List<Path> targets = targets();
        Auditor auditor = Auditor.forProcess();
        int threads = recursive ? (jobs != null ? jobs : Runtime.getRuntime().availableProcessors()) : 1;
        List<RepoOutcome> outcomes;
        try (ProgressBar bar = new ProgressBar(term, "commits", 0, history && output.format() == OutputFlags.Format.text)) {
            Progress progress = (step, done, total) -> {
                bar.total(total);
                bar.done(done);
            };
            outcomes = auditor.auditAll(targets, new AuditOptions(history), threads, progress);
        }
        List<RepoResult> results = new ArrayList<>();
        for (RepoOutcome o : outcomes) {
            results.add(fix ? fix(auditor, o) : RepoResult.audited(o));
        }
        writeHistoryPaths(outcomes);

        switch (output.format()) {
            case json -> Json.print(out, JsonReport.of(results, dryRun));
            case sarif -> Json.print(out, SarifReport.of(audits(outcomes), strict, version()));
            case text -> out.print(new TextReport(term, strict, historyPaths).render(results, dryRun, recursive,
                    paths.size() == 1 ? paths.get(0).toAbsolutePath().normalize() : null, output.quiet()));
        }
        boolean errors = false;
        for (RepoResult r : results) {
            if (r.found() instanceof RepoOutcome.Audited a && output.format() != OutputFlags.Format.text) {
                for (String w : a.audit().warnings()) {
                    err.println("pycd: warning: " + a.audit().repo().root() + ": " + w);
                }
            }
            if (r.after() instanceof RepoOutcome.Failed f) {
                err.println("pycd: " + f.reason());
                errors = true;
            }
            if (r.fix() instanceof FixResult.Failed f) {
                err.println("pycd: " + f.plan().repo().root() + ": fix failed: " + f.reason()
                        + (f.leftChanged().isEmpty() ? "; nothing was changed" : ""));
                errors = true;
            }
        }
        out.flush();
        err.flush();
        if (errors) {
            return ExitCodes.USAGE;
        }
        for (RepoResult r : results) {
            if (r.after() instanceof RepoOutcome.Audited a && a.audit().fails(strict)) {
                return ExitCodes.PROBLEMS;
            }
        }
        return ExitCodes.OK;
    }

    /** Plans the fix of one audited repository, applies it unless --dry-run, and audits again what it changed. */
    private RepoResult fix(Auditor auditor, RepoOutcome found) {
        if (!(found instanceof RepoOutcome.Audited au)) {
            return RepoResult.audited(found);
        }
        Fixer fixer = new Fixer(auditor);
        Fixer.Plan plan;
        try {
            plan = fixer.plan(au.audit(), strict);
        } catch (AuditException | IOException e) {
            return new RepoResult(found, null, null, new RepoOutcome.Failed(au.path(),
                    au.audit().repo().root() + ": fix failed: " + e.getMessage()));
        }
        if (dryRun) {
            return new RepoResult(found, plan, null, found);
        }
        FixResult result = fixer.apply(plan);
        RepoOutcome after = result instanceof FixResult.Applied && !plan.empty()
                ? auditor.outcome(au.path(), new AuditOptions(history), Progress.NONE) : found;
        return new RepoResult(found, plan, result, after);
    }

    /** --history-paths: the exact paths the history rewrite removes, as git filter-repo reads them. */
    private void writeHistoryPaths(List<RepoOutcome> outcomes) {
        if (historyPaths == null || !(outcomes.get(0) instanceof RepoOutcome.Audited a)) {
            return;
        }
        try {
            Files.write(historyPaths, HistoryRewrite.of(a.audit()).pathsFile());
        } catch (IOException e) {
            throw new UsageFailure(historyPaths + ": cannot write it: " + e.getMessage(), e);
        }
    }

    private static List<RepoAudit> audits(List<RepoOutcome> outcomes) {
        List<RepoAudit> audits = new ArrayList<>();
        for (RepoOutcome o : outcomes) {
            if (o instanceof RepoOutcome.Audited a) {
                audits.add(a.audit());
            }
        }
        return audits;
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

    private static String version() {
        String v = AuditCommand.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
