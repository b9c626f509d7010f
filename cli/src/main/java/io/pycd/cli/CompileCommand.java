package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheState;
import io.pycd.code.CompileWarning;
import io.pycd.compile.CompileError;
import io.pycd.compile.CompileListener;
import io.pycd.compile.CompileReason;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.compile.FailureMemo;
import io.pycd.compile.ThirdPartyFailures;
import io.pycd.compile.TreeCompiler;
import io.pycd.compile.WritingStopped;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.Resolved;
import io.pycd.site.PythonEnv;
import io.pycd.tree.WalkProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;

final class CompileCommand implements Callable<Integer> {

    final List<Path> paths = new ArrayList<>();
    boolean force;
    boolean strict;
    final TargetOptions target = new TargetOptions();
    final EnvOptions envOptions = new EnvOptions();
    final OutputOptions output = new OutputOptions();

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("compile", this);
        spec.usageMessage()
                .description("Bring the caches of every Python source under PATH up to date, for one or several "
                                + "interpreters.",
                        "Only stale or missing caches are compiled (magic, flags, mtime and size, or SipHash, are "
                                + "checked in Java, and pycd's record catches same-second edits); each is looked up "
                                + "in the bytecode store first (pycd store), and only misses are compiled, by CPython "
                                + "in a pool of worker processes; caches are written atomically with CPython's file "
                                + "mode.",
                        "A pycd daemon that watches PATH with the same settings answers instead of a walk, once it "
                                + "has compiled every change made before the command (-v says which way the report "
                                + "came).")
                .footerHeading("%nExit codes:%n")
                .footer("  0  every cache compiled or fresh; with --env, third-party files that do not",
                        "     compile are warnings",
                        "  1  some sources failed (each printed as path:line:col: Error: message)",
                        "  2  usage or configuration error: bad flag, no interpreter, unreadable PATH, a file that "
                                + "is not a .py, bad pyproject.toml");
        spec.addPositional(Specs.paths(paths, "Folders or .py files (any other file is a usage error). Default: the "
                + "current folder (none with --env).").build());
        spec.addOption(Specs.flag(this, "force", "-f", "--force")
                .description("Recompile every source, fresh or not, without looking in the store.").build());
        spec.addOption(Specs.flag(this, "strict", "--strict").description("With --env: third-party files that do "
                + "not compile (Python 2 test data, templates named .py) are failures (exit 1). Default: warnings, "
                + "as pip treats them on install.").build());
        target.addTo(spec);
        envOptions.addTo(spec);
        output.addTo(spec);
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        if (!force) {
            DaemonFirst.prepare();
        }
        Resolved setup = CacheOptions.resolve(target.request(paths, Optional.empty()).withEnv(envOptions.env()));
        Terminal term = Terminal.system();
        // Written without lambdas, as the rest of a compile's way (see Specs).
        Optional<CompileReport> answered = force ? Optional.empty() : DaemonFirst.compile(setup, output, term);
        CompileReport report = answered.isPresent() ? answered.get() : walk(setup, term);
        List<WalkProblem> errors = new ArrayList<>();
        for (WalkProblem p : report.problems()) {
            if (p.error()) {
                errors.add(p);
            }
        }
        if (report.store().problem().isPresent()) {
            term.err().println("pycd: " + report.store().problem().get() + "; compiling without the store");
        }
        ThirdPartyFailures split = ThirdPartyFailures.of(report.failed(), new Predicate<Path>() {
            @Override
            public boolean test(Path source) {
                return setup.env().isPresent() && setup.env().get().holds(source);
            }
        }, strict);
        String hint = split.unwritable().isEmpty() || !(setup.compile().layout() instanceof CacheLayout.Pycache) ? null
                : "these folders cannot be written to: compile into a folder you can write with --pycache-prefix DIR, "
                + "and run Python with PYTHONPYCACHEPREFIX=DIR so that it reads the caches there";
        boolean dontWrite = setup.environment().dontWriteBytecode();
        if (output.json()) {
            ObjectNode doc = toJson(report);
            doc.put("dont_write_bytecode", dontWrite);
            doc.set("env", setup.env().map(CompileCommand::envJson).orElse(null));
            ArrayNode tolerated = doc.putArray("tolerated");
            split.tolerated().forEach(f -> Json.failure(tolerated.addObject(), f));
            ArrayNode failed = doc.putArray("failed");
            split.failed().forEach(f -> Json.failure(failed.addObject(), f));
            ((ObjectNode) doc.get("counts")).put("failed", (long) split.failed().size() * report.levels());
            doc.put("hint", hint);
            Json.print(term.out(), doc);
        } else {
            if (dontWrite) {
                term.err().println("pycd: warning: PYTHONDONTWRITEBYTECODE is set: pycd writes caches all the same (as "
                        + "compileall does), but Python run here writes none of its own");
            }
            if (output.verbose()) {
                setup.targets().ifPresent(t -> t.compile().interpreters().forEach(i -> term.out().println(term.dim(
                        "target " + i.executable() + " (" + i.version() + ", " + i.cacheTag() + ") from "
                                + t.choice().describe()))));
            }
            printText(term, report, split, errors);
            if (hint != null) {
                term.err().println("pycd: hint: " + hint);
            }
        }
        return split.failed().isEmpty() && errors.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /** Walks the trees and compiles what is stale: what compile does when no daemon answers for them. */
    private CompileReport walk(Resolved setup, Terminal term) {
        CompileReport report;
        try (ProgressBar bar = new ProgressBar(term, "compiled", 0, !output.json() && !output.quiet())) {
            FailureMemo memo = FailureMemo.load(setup.environment().cacheFolder().resolve("failures"),
                    setup.roots(), byExecutable(setup.compile()));
            report = new TreeCompiler(setup.compile(), setup.walk().walker(), force, memo).compile(setup.roots(),
                    new CompileListener() {
                        @Override
                        public void planned(int sources, int fresh, int jobs) {
                            bar.total(jobs);
                        }

                        @Override
                        public void finished(CompileResult result) {
                            bar.step();
                        }
                    });
        } catch (IOException e) {
            throw WalkOutput.unusablePath(e, "compile");
        }
        return report;
    }

    /** {@code {"spec", "interpreter", "virtualenv", "site_packages", "editable", "stdlib"}} of --env. */
    private static ObjectNode envJson(PythonEnv env) {
        ObjectNode n = Json.object().put("spec", env.spec()).put("interpreter", env.interpreter().executable().toString())
                .put("virtualenv", env.virtualenv().map(Path::toString).orElse(null));
        ArrayNode site = n.putArray("site_packages");
        env.sitePackages().forEach(p -> site.add(p.toString()));
        ArrayNode editable = n.putArray("editable");
        env.editable().forEach(p -> editable.add(p.toString()));
        ArrayNode stdlib = n.putArray("stdlib");
        env.stdlib().forEach(p -> stdlib.add(p.toString()));
        return n;
    }

    private void printText(Terminal term, CompileReport report, ThirdPartyFailures split, List<WalkProblem> errors) {
        if (!output.quiet()) {
            for (CompileResult.Written w : report.written()) {
                String where = report.interpreters().size() > 1 ? " [" + w.interpreter().cacheTag() + "]" : "";
                w.describeWarnings().forEach(line -> term.out().println(term.yellow(line) + where));
            }
            for (CompileResult.Failed f : split.tolerated()) {
                term.out().println(term.yellow(f.describe() + " (third-party, not compiled: a warning without --strict)"));
            }
        }
        Set<CompileResult.Failed> grouped = new HashSet<>();
        for (ThirdPartyFailures.Unwritable u : split.unwritable()) {
            grouped.addAll(u.sources());
        }
        long unwritten = 0;
        for (CompileResult.Failed f : split.failed()) {
            if (f.error() == CompileError.Own.NO_SPACE) {
                unwritten += report.levels();
                continue; // said once, below
            }
            if (grouped.contains(f)) {
                continue; // said once per folder, below
            }
            String where = report.interpreters().size() > 1 ? " [" + f.interpreter().cacheTag() + "]" : "";
            term.out().println(term.red(f.describe()) + where);
        }
        for (ThirdPartyFailures.Unwritable u : split.unwritable()) {
            term.out().println(term.red(u.folder() + ": cannot write caches (" + Terminal.count(u.sources().size())
                    + (u.sources().size() == 1 ? " source" : " sources") + " not compiled): " + u.message()));
        }
        if (report.stopped().isPresent()) {
            WritingStopped stop = report.stopped().get();
            term.out().println(term.red(stop.cache() + ": " + stop.reason() + "; pycd stopped writing: "
                    + Terminal.count(unwritten) + (unwritten == 1 ? " cache" : " caches") + " not written"));
        }
        WalkOutput.print(term, report.problems(), output.verbose());
        if (output.verbose()) {
            for (CompileResult.Written w : report.written()) {
                for (int level = 0; level < w.caches().size(); level++) {
                    term.out().println((w.fromStore() ? "from store " : "compiled ") + w.source() + " -> "
                            + w.caches().get(level) + " (" + why(w.reason(), level) + ")");
                }
            }
        }
        if (!output.quiet()) {
            // Counted in caches, as status counts: a source stands for one cache per interpreter and level.
            StringBuilder line = new StringBuilder("caches: compiled ").append(Terminal.count(report.cachesCompiled()));
            if (report.store().on()) {
                line.append(" · from store ").append(Terminal.count(report.cachesFromStore()));
            }
            line.append(" · fresh ").append(Terminal.count(report.cachesFresh()))
                    .append(" · failed ").append(Terminal.count((long) split.failed().size() * report.levels()));
            if (!split.tolerated().isEmpty()) {
                line.append(" · "
                        + "not compilable ").append(Terminal.count((long) split.tolerated().size() * report.levels()))
                        .append(" (warnings)");
            }
            if (!errors.isEmpty()) {
                line.append(" · ").append(Terminal.count(errors.size()))
                        .append(errors.size() == 1 ? " path" : " paths").append(" unreadable");
            }
            line.append(" · ").append(Terminal.seconds(report.seconds()));
            boolean problems = !split.failed().isEmpty() || !errors.isEmpty();
            term.out().println(problems ? term.yellow(line.toString()) : line.toString());
        }
    }

    /** Why the cache of {@code level} (an index into the levels asked for) was written, for {@code -v}. */
    static String why(CompileReason reason, int level) {
        if (reason instanceof CompileReason.Checked checked) {
            CacheState before = checked.before().get(level);
            return switch (before.kind()) {
                case MISSING -> "missing";
                case STALE -> "stale: " + ((CacheState.Stale) before).reason();
                case FRESH -> "fresh; written again with its other levels";
                case ORPHANED, WRONG_VERSION, OTHER_VERSION -> before.label();
            };
        }
        if (reason instanceof CompileReason.Forced) {
            return "--force";
        }
        if (reason instanceof CompileReason.Requested) {
            return "changed";
        }
        throw new IllegalStateException("no text for " + reason);
    }

    private static Map<Path, Interpreter> byExecutable(CompileSettings settings) {
        Map<Path, Interpreter> map = new HashMap<>();
        for (Interpreter i : settings.interpreters()) {
            map.put(i.executable(), i);
        }
        return map;
    }

    static ObjectNode toJson(CompileReport report) {
        ObjectNode doc = Json.object();
        ArrayNode interpreters = doc.putArray("interpreters");
        report.interpreters().forEach(i -> interpreters.add(Json.interpreter(i)));
        ArrayNode compiled = doc.putArray("compiled");
        for (CompileResult.Written w : report.written()) {
            for (Path cache : w.caches()) {
                compiled.addObject().put("source", w.source().toString()).put("cache", cache.toString())
                        .put("interpreter", w.interpreter().executable().toString()).put("from_store", w.fromStore());
            }
        }
        doc.put("fresh", report.fresh());
        doc.put("from_store", report.fromStore());
        ArrayNode failed = doc.putArray("failed");
        for (CompileResult.Failed f : report.failed()) {
            Json.failure(failed.addObject(), f);
        }
        ArrayNode warnings = doc.putArray("warnings");
        for (CompileResult.Written w : report.written()) {
            for (CompileWarning cw : w.warnings()) {
                ObjectNode n = warnings.addObject().put("source", w.source().toString())
                        .put("interpreter", w.interpreter().executable().toString())
                        .put("category", cw.category()).put("message", cw.message());
                if (cw.line() > 0) {
                    n.put("line", cw.line());
                } else {
                    n.putNull("line");
                }
            }
        }
        WalkOutput.json(doc.putArray("skipped"), report.problems());
        doc.put("seconds", Math.round(report.seconds() * 1000) / 1000.0);
        doc.putObject("counts").put("compiled", report.cachesCompiled()).put("from_store", report.cachesFromStore())
                .put("fresh", report.cachesFresh()).put("failed", report.cachesFailed());
        return doc;
    }
}
