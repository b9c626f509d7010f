package io.pycd.cli;

import io.pycd.cli.startup.JsonReport;
import io.pycd.cli.startup.Session;
import io.pycd.cli.startup.TextReport;
import io.pycd.environment.Environment;
import io.pycd.startup.FixReport;
import io.pycd.startup.RunOutcome;
import io.pycd.startup.StartupFix;
import io.pycd.startup.StartupRunner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class StartupCommand implements Callable<Integer> {

    boolean fix;
    int top;
    Path reportFile;
    final OutputOptions output = new OutputOptions();
    final List<String> command = new ArrayList<>();

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("startup", this);
        spec.usageMessage()
                .description("Run a Python command and report, for every module its imports loaded from a source file, "
                        + "whether it came from a valid cache or was compiled at run time, and why, with the time "
                        + "compiling took against the whole import time and the costliest modules.",
                        "The command is really run (twice with --fix), as given: its arguments, folder, input, output "
                                + "and exit code are its own. pycd's report goes to standard error (or --report FILE), "
                                + "so the command's standard output can be piped as usual.",
                        "How: the command runs with a sitecustomize of pycd's first on PYTHONPATH, which watches "
                                + "importlib in every Python process the command starts and then runs the "
                                + "environment's own sitecustomize. It cannot see processes started with python -I, -E "
                                + "or -S (they ignore PYTHONPATH or site) or interpreters other than CPython 3.6+; "
                                + "when no process reports, pycd says so and exits 2. Modules imported before site "
                                + "(the interpreter's own start-up) are not counted.",
                        "Reasons: no-cache, stale, other-interpreter, other-level, prefix-elsewhere, unwritable, "
                                + "dont-write-bytecode.")
                .footerHeading("%nExit codes:%n")
                .footer("  N  the command's own exit code (of its run after the fix, with --fix)",
                        "  2  the command could not be started, no Python process reported, or a usage error",
                        "",
                        "Examples:",
                        "  pycd startup -- python -c 'import pip._internal.cli.main'",
                        "  pycd startup --fix -- .venv/bin/flask --version",
                        "  pycd startup --format json --report report.json -- python -m app");
        spec.addOption(Specs.flag(this, "fix", "--fix")
                .description("Compile what was compiled at run time, for the interpreter, pycache prefix and "
                        + "optimization level that ran it, then run the command again and print before and "
                        + "after. Caches pycd cannot write either (read-only folders) are reported, with "
                        + "what to do.").build());
        spec.addOption(Specs.option(int.class, this, "top", "--top")
                .paramLabel("N")
                .defaultValue("10")
                .description("List the N modules that took longest to compile. Default: "
                        + "${DEFAULT-VALUE} (-v: all).").build());
        spec.addOption(Specs.option(Path.class, this, "reportFile", "--report")
                .paramLabel("FILE")
                .description("Write the report to FILE instead of standard error.").build());
        output.addTo(spec);
        spec.addPositional(Specs.parameters(String.class, command)
                .paramLabel("COMMAND")
                .arity("1..*")
                .description("The command and its arguments: python -m app, a virtualenv's console script, "
                        + "python3.12 script.py. Everything from COMMAND on is the command's (as with env or time); "
                        + "'--' before it is also accepted.").build());
        // Everything from COMMAND on is the command's, its options included (pycd startup python -c ...).
        spec.parser().stopAtPositional(true);
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        if (top < 0) {
            throw new UsageFailure("--top must be 0 or more");
        }
        Environment environment = Environment.current();
        StartupRunner runner = new StartupRunner(System.getenv(), environment.workingDirectory(),
                environment.cacheFolder().resolve("startup"), StartupRunner.Streams.inherit());
        // The command owns the terminal while it runs: Ctrl-C reaches it (and pycd, which then waits for it and
        // reports); a SIGTERM sent to pycd alone is passed on to it.
        Signals.leaveToChildren();
        RunOutcome first = run(runner);
        if (first instanceof RunOutcome.CouldNotStart c) {
            throw new UsageFailure("cannot run " + command.get(0) + ": " + c.message());
        }
        if (first instanceof RunOutcome.Unobserved u) {
            throw new UsageFailure("no Python process reported: the command started none, or only ones that "
                    + "ignore PYTHONPATH or site (python -I, -E, -S) or are not CPython 3.6+; it exited "
                    + u.exitCode());
        }
        RunOutcome.Observed before = (RunOutcome.Observed) first;
        Optional<FixReport> fixed = Optional.empty();
        Optional<RunOutcome> after = Optional.empty();
        if (fix) {
            fixed = Optional.of(new StartupFix(environment).fix(before.profile()));
            after = Optional.of(run(runner));
        }
        Session session = new Session(command, before, fixed, after);
        report(session);
        return session.lastExitCode();
    }

    private RunOutcome run(StartupRunner runner) {
        try {
            return runner.run(command);
        } catch (IOException e) {
            throw new UsageFailure("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageFailure("interrupted");
        }
    }

    private void report(Session session) {
        try (PrintStream to = reportFile == null ? null
                : new PrintStream(new java.io.FileOutputStream(reportFile.toFile()), true, StandardCharsets.UTF_8)) {
            PrintStream out = to == null ? System.err : to;
            if (output.json()) {
                Json.print(out, JsonReport.render(session));
            } else {
                out.print(new TextReport(top, output.quiet(), output.verbose()).render(session));
            }
            out.flush();
        } catch (FileNotFoundException e) {
            throw new UsageFailure(reportFile + ": cannot write: " + e.getMessage());
        }
    }
}
