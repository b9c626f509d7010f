package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.compile.CompileListener;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.compile.FailureMemo;
import io.pycd.compile.TreeCompiler;
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
                "  2  usage or configuration error: bad flag, no interpreter, unreadable PATH, bad pyproject.toml"})
final class CompileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Folders or .py files. Default: the current folder.")
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
            throw WalkOutput.unusablePath(e);
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
        for (CompileResult.Failed f : report.failed()) {
            String where = report.interpreters().size() > 1 ? " [" + f.interpreter().cacheTag() + "]" : "";
            term.out().println(term.red(f.describe()) + where);
        }
        WalkOutput.print(term, report.problems(), output.verbose());
        if (output.verbose()) {
            for (CompileResult.Written w : report.written()) {
                for (Path cache : w.caches()) {
                    term.out().println((w.fromStore() ? "from store " : "compiled ") + w.source() + " -> " + cache);
                }
            }
        }
        if (!output.quiet()) {
            int failed = report.failed().size() + errors.size();
            String line = "compiled " + Terminal.count(report.compiled())
                    + (report.store().on() ? " · from store " + Terminal.count(report.fromStore()) : "")
                    + " · fresh " + Terminal.count(report.fresh()) + " · failed " + Terminal.count(failed) + " · "
                    + Terminal.seconds(report.seconds());
            term.out().println(failed > 0 ? term.yellow(line) : line);
        }
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
        return doc;
    }
}
