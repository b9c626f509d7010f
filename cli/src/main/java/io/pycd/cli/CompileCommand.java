package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.cache.CacheState;
import io.pycd.compile.CompileError;
import io.pycd.compile.CompileListener;
import io.pycd.compile.CompileReason;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.compile.FailureMemo;
import io.pycd.compile.TreeCompiler;
import io.pycd.compile.WritingStopped;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.Resolved;
import io.pycd.tree.WalkProblem;
import io.pycd.code.CompileWarning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bring the caches of every Python source under PATH up to date, for one or several "
                + "interpreters.",
                "Only stale or missing caches are compiled (magic, flags, mtime and size, or SipHash, are checked "
                        + "in Java, and pycd's record catches same-second edits); each is looked up in the bytecode "
                        + "store first (pycd store), and only misses are compiled, by CPython in a pool of worker "
                        + "processes; caches are written atomically with CPython's file mode."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every cache compiled or fresh", "  1  some sources failed (each printed as path:line:col: Error: message)",
                "  2  usage or configuration error: bad flag, no interpreter, unreadable PATH, a file that is not "
                        + "a .py, bad pyproject.toml"})
final class CompileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Folders or .py files (any other file is a usage error). Default: the current folder.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Recompile every source, fresh or not, without looking in the "
            + "store.")
    boolean force;

    @Mixin
    TargetOptions target;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Resolved setup = target.resolve(paths, Optional.empty());
        Terminal term = Terminal.system();
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
        List<WalkProblem> errors = report.problems().stream().filter(WalkProblem::error).toList();
        report.store().problem().ifPresent(p -> term.err().println("pycd: " + p + "; compiling without the store"));
        if (output.json()) {
            Json.print(term.out(), toJson(report));
        } else {
            printText(term, report, errors);
        }
        return report.failed().isEmpty() && errors.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    private void printText(Terminal term, CompileReport report, List<WalkProblem> errors) {
        if (!output.quiet()) {
            for (CompileResult.Written w : report.written()) {
                String where = report.interpreters().size() > 1 ? " [" + w.interpreter().cacheTag() + "]" : "";
                w.describeWarnings().forEach(line -> term.out().println(term.yellow(line) + where));
            }
        }
        long unwritten = 0;
        for (CompileResult.Failed f : report.failed()) {
            if (f.error() == CompileError.Own.NO_SPACE) {
                unwritten += report.levels();
                continue; // said once, below
            }
            String where = report.interpreters().size() > 1 ? " [" + f.interpreter().cacheTag() + "]" : "";
            term.out().println(term.red(f.describe()) + where);
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
                    .append(" · failed ").append(Terminal.count(report.cachesFailed()));
            if (!errors.isEmpty()) {
                line.append(" · ").append(Terminal.count(errors.size()))
                        .append(errors.size() == 1 ? " path" : " paths").append(" unreadable");
            }
            line.append(" · ").append(Terminal.seconds(report.seconds()));
            boolean problems = !report.failed().isEmpty() || !errors.isEmpty();
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
                case ORPHANED, WRONG_VERSION -> before.label();
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
        settings.interpreters().forEach(i -> map.put(i.executable(), i));
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
