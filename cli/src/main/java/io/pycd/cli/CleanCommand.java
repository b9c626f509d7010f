package io.pycd.cli;

import io.pycd.cleaner.CleanError;
import io.pycd.cleaner.CleanMode;
import io.pycd.cleaner.CleanOptions;
import io.pycd.cleaner.CleanPlan;
import io.pycd.cleaner.CleanResult;
import io.pycd.cleaner.Cleaner;
import io.pycd.cleaner.Reason;
import io.pycd.cleaner.Removal;
import io.pycd.cleaner.Skipped;
import io.pycd.cleaner.debris.DebrisTopic;
import io.pycd.interpreter.InUse;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.Request;
import io.pycd.settings.Resolved;
import io.pycd.tree.Glob;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

final class CleanCommand implements Callable<Integer> {

    final List<Path> paths = new ArrayList<>();
    boolean all;
    boolean dryRun;
    final List<String> keepVersions = new ArrayList<>();
    final List<String> pythons = new ArrayList<>();
    boolean onlyTargets;
    final EnvOptions envOptions = new EnvOptions();
    boolean sourceless;
    boolean includeVenvs;
    /** Null without --debris; empty with --debris and no TOPIC. */
    List<String> debris;
    final List<String> erase = new ArrayList<>();
    boolean yes;
    final List<String> exclude = new ArrayList<>();
    int maxDepth = -1;
    final OutputOptions output = new OutputOptions();

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("clean", this);
        spec.usageMessage()
                .description("Prune dead bytecode caches under PATH and keep the good ones; never remove anything that "
                        + "is not a cache (unless --debris or --erase asks).",
                        "Default: removes orphaned caches (source gone), stale caches (header no longer matches the "
                                + "source), wrong-version caches (a version not in use here), legacy x.pyc beside "
                                + "x.py, temp files of interrupted writes (*.pyc.<digits>) and __pycache__ folders "
                                + "left empty.",
                        "Kept: fresh caches of every version in use here, at every optimization level: the targets, "
                                + "--keep-version / [tool.pycd] keep-versions, [tool.pycd] pythons, virtualenvs the "
                                + "PATH is in or holds, the project's .venv, tox and nox environments, $VIRTUAL_ENV, "
                                + ".python-version, every interpreter on PATH and in pyenv's versions folder; found "
                                + "versions outside requires-python are not kept. An interpreter found that does not "
                                + "answer keeps the caches its name says it may use (python3, python: every CPython 3's), and is not waited "
                                + "for again for 10 minutes. "
                                + "One line says which and why (--only-targets: only the targets and named "
                                + "versions).",
                        "Never: follows a symlink, enters .git/.hg/.svn or a virtualenv below a PATH (see "
                                + "--include-venvs), removes a sourceless module (see --sourceless), acts outside the "
                                + "PATHs given.")
                .footerHeading("%nReasons (JSON \"reason\"):%n")
                .footer("  orphan, stale, wrong-version, legacy, temp, empty-dir, all, debris, erase",
                        "%nExit codes:",
                        "  0  done (including nothing to do)",
                        "  1  some path could not be removed (with --dry-run: would be refused) or a folder could not "
                                + "be read (each printed with why)",
                        "  2  usage or configuration error (bad flag, --yes with nothing to confirm, no terminal to "
                                + "ask on, missing PATH, bad pyproject.toml)");
        spec.addPositional(Specs.paths(paths,
                "Folders to clean. Default: the current folder (none with --env).").build());
        spec.addOption(Specs.flag(this, "all", "-a", "--all")
                .description("Remove every cache, fresh or not: __pycache__ contents, legacy .pyc/.pyo beside sources, "
                        + "temp files, Jython $py.class (what pyclean does).").build());
        spec.addOption(Specs.flag(this, "dryRun", "-n", "--dry-run")
                .description("Change nothing; list exactly what a real run removes, in the same order, with the same "
                        + "reasons, and as errors what it would be refused (a folder you cannot write to, a sticky "
                        + "folder).").build());
        spec.addOption(Specs.options(String.class, keepVersions, "--keep-version")
                .paramLabel("X.Y")
                .description("Also keep fresh caches of this version (3.11) or cache tag (pypy39), whatever "
                        + "requires-python says. Repeatable. Adds to [tool.pycd] keep-versions.").build());
        spec.addOption(Specs.options(String.class, pythons, "--python")
                .paramLabel("PYTHON")
                .description("Target interpreter whose caches are kept and header-checked, as for compile. Repeatable. "
                        + "Default: [tool.pycd] pythons, else the virtualenv a PATH lies in, else $VIRTUAL_ENV, else "
                        + ".venv/ or venv/ of the project, else python3 on PATH.").build());
        spec.addOption(Specs.flag(this, "onlyTargets", "--only-targets")
                .description("Keep only the targets' caches and those of --keep-version / [tool.pycd] keep-versions: "
                        + "every other version is wrong-version, even when installed here.").build());
        envOptions.addTo(spec);
        spec.addOption(Specs.flag(this, "sourceless", "--sourceless")
                .description("Also remove sourceless modules: x.pyc (or x$py.class with --all) outside __pycache__ "
                        + "with no x.py. They are the only copy of that code: kept by default.").build());
        spec.addOption(Specs.flag(this, "includeVenvs", "--include-venvs")
                .description("Also clean inside virtualenvs (folders holding pyvenv.cfg), "
                        + ".tox and .nox. Default: not entered.").build());
        spec.addOption(Specs.handled(List.class, this::debris, "-d", "--debris").auxiliaryTypes(String.class)
                .paramLabel("TOPIC")
                .arity("0..*")
                .parameterConsumer(new DebrisTopics())
                .description("Also remove tool debris, pyclean's topics: cache (.cache/), coverage (.coverage, "
                        + "coverage.json|lcov|xml, htmlcov/), package (*.egg-info/; build/, dist/, sdist/ beside "
                        + "pyproject.toml, setup.py or setup.cfg), pytest (.pytest_cache/, pytestdebug.log), ruff "
                        + "(.ruff_cache/), complexipy, jupyter (.ipynb_checkpoints/), mypy (.mypy_cache/), pyright "
                        + "(.pyright*), tox (.tox/), or all. No TOPIC: cache coverage package pytest ruff.").build());
        spec.addOption(Specs.options(String.class, erase, "-e", "--erase")
                .paramLabel("GLOB")
                .description("Also remove matching files and folders "
                        + "(same glob syntax as --exclude), asking for each one unless --yes. Repeatable.").build());
        spec.addOption(Specs.flag(this, "yes", "-y", "--yes")
                .description("Remove --erase matches without asking.").build());
        spec.addOption(Specs.options(String.class, exclude, "-x", "--exclude")
                .paramLabel("GLOB")
                .description("Leave matching files and folders alone. A glob without / matches a name anywhere; with / "
                        + "the path from PATH; ** crosses folders. Repeatable; adds to [tool.pycd] exclude.").build());
        spec.addOption(Specs.option(int.class, this, "maxDepth", "--max-depth")
                .paramLabel("N")
                .defaultValue("-1")
                .description("Folder levels to descend below each PATH (0: its own folder only). Default: all.")
                .build());
        output.addTo(spec);
        return Specs.standardHelp(spec);
    }

    @SuppressWarnings("unchecked")
    private void debris(List<?> topics) {
        debris = (List<String>) topics;
    }

    /** Where --erase questions go; tests answer them without a terminal. */
    interface Prompt {
        boolean ask(String question) throws IOException;
    }

    /** Opens the prompt, or returns empty when there is no terminal to ask on. */
    static volatile java.util.function.Supplier<Optional<Prompt>> prompts = CleanCommand::controllingTerminal;

    @Override
    public Integer call() {
        if (yes && erase.isEmpty()) {
            throw new UsageFailure("--yes confirms --erase removals, and there is no --erase to confirm");
        }
        // The same resolution as compile, so clean keeps exactly what compile writes.
        Resolved setup = CacheOptions.resolve(new Request(paths,
                all ? Optional.empty() : Optional.of(Request.Targets.pythons(pythons)),
                new Request.Walk(exclude, maxDepth), Optional.empty(), Optional.of(new Request.Keep(keepVersions)),
                envOptions.env()));
        List<Path> roots = setup.roots();
        List<String> problems = new ArrayList<>();
        CleanOptions options = options(setup, problems);
        Prompt prompt = null;
        if (!options.erase().isEmpty() && !yes && !dryRun) {
            prompt = prompts.get().orElseThrow(() -> new UsageFailure("--erase asks before removing each match and "
                    + "there is no terminal to ask on: add --yes to remove them without asking, or --dry-run to "
                    + "list them"));
        }
        Cleaner cleaner = new Cleaner(options);
        CleanPlan plan;
        try {
            plan = cleaner.plan(roots);
        } catch (IOException e) {
            throw WalkOutput.unusablePath(e, "clean");
        } catch (IllegalArgumentException e) {
            throw new UsageFailure(e.getMessage());
        }
        if (prompt != null) {
            plan = confirmErasures(plan, prompt);
        }
        CleanResult result = dryRun ? cleaner.dryRun(plan) : cleaner.execute(plan);
        Terminal term = Terminal.system();
        if (output.json()) {
            JsonReport.print(term, result);
        } else {
            printText(term, result);
            if (output.verbose()) {
                problems.forEach(p -> term.err().println("pycd: not asked: " + p));
            }
        }
        return result.errors().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /** @param problems where interpreters that would not answer are listed */
    private CleanOptions options(Resolved setup, List<String> problems) {
        List<Interpreter> targets = setup.targets().map(t -> t.compile().interpreters()).orElse(List.of());
        List<Glob> erasing = new ArrayList<>();
        try {
            for (String g : erase) {
                erasing.add(Glob.compile(g));
            }
            InUse inUse = all ? InUse.none() : InUseOutput.find(setup, onlyTargets, problems);
            return new CleanOptions(all ? CleanMode.ALL : CleanMode.PRUNE, targets, inUse, sourceless, includeVenvs,
                    topics(), erasing, setup.walk().rules(), setup.walk().maxDepth(), CleanOptions.defaultThreads());
        } catch (IllegalArgumentException e) {
            throw new UsageFailure(setup.config().file().map(f -> f + ": ").orElse("") + e.getMessage());
        }
    }

    private Set<DebrisTopic> topics() {
        if (debris == null) {
            return Set.of();
        }
        if (debris.isEmpty()) {
            return DebrisTopic.defaults();
        }
        Set<DebrisTopic> topics = EnumSet.noneOf(DebrisTopic.class);
        for (String name : debris) {
            if (name.equals("all")) {
                topics.addAll(EnumSet.allOf(DebrisTopic.class));
            } else {
                topics.add(DebrisTopic.parse(name));
            }
        }
        return topics;
    }

    private static CleanPlan confirmErasures(CleanPlan plan, Prompt prompt) {
        Set<Path> declined = new HashSet<>();
        for (Removal r : plan.removals()) {
            if (r.reason() == Reason.ERASE) {
                String what = r.kind() == Removal.Kind.TREE ? "folder " + r.path() + " and everything in it ("
                        + Terminal.plural(r.files(), "file") + ", " + Terminal.bytes(r.bytes()) + ")" : r.path().toString();
                try {
                    if (!prompt.ask("pycd: remove " + what + " (matches " + r.detail() + ")? [y/N] ")) {
                        declined.add(r.path());
                    }
                } catch (IOException e) {
                    throw new UsageFailure("cannot read the answer from the terminal: " + e.getMessage());
                }
            }
        }
        return declined.isEmpty() ? plan : plan.without(r -> r.reason() == Reason.ERASE && declined.contains(r.path()));
    }

    private void printText(Terminal term, CleanResult result) {
        if (!all && !output.quiet()) {
            term.out().println(term.dim(InUseOutput.oneLine(result.keepSet())));
        }
        if (output.verbose()) {
            InUseOutput.detail(result.keepSet()).forEach(line -> term.out().println(term.dim(line)));
            for (Removal r : result.removed()) {
                String detail = r.detail().isEmpty() ? "" : " (" + r.detail() + ")";
                term.out().println(String.format(Locale.ROOT, "%-13s %s%s", r.reason().label(), r.path(), detail));
            }
            for (Path p : result.keptSourceless()) {
                term.out().println(String.format(Locale.ROOT, "%-13s %s (sourceless module; --sourceless removes it)",
                        "kept", p));
            }
            for (Skipped s : result.skipped()) {
                term.out().println(String.format(Locale.ROOT, "%-13s %s (%s)", "skipped", s.path(), s.reason()));
            }
        }
        for (CleanError e : result.errors()) {
            term.err().println("pycd: " + e.path() + ": " + e.message());
        }
        if (output.quiet()) {
            return;
        }
        StringBuilder line = new StringBuilder(result.dryRun() ? "would remove " : "removed ");
        line.append(Terminal.plural(result.filesRemoved(), "file")).append(", ")
                .append(Terminal.plural(result.foldersRemoved(), "folder")).append(", ")
                .append(Terminal.bytes(result.bytesFreed()))
                .append(" · kept ").append(Terminal.count(result.kept())).append(" fresh");
        if (!result.keptSourceless().isEmpty()) {
            line.append(" · ").append(Terminal.count(result.keptSourceless().size())).append(" sourceless kept");
        }
        if (!result.skipped().isEmpty() && !output.verbose()) {
            line.append(" · ").append(Terminal.count(result.skipped().size())).append(" skipped (-v lists them)");
        }
        line.append(" · ").append(Terminal.plural(result.errors().size(), "error"));
        term.out().println(result.errors().isEmpty() ? line.toString() : term.yellow(line.toString()));
        if (result.dryRun()) {
            term.out().println(term.dim("dry run: removals that folder permissions refuse are counted as errors; "
                    + "a real run can meet others, and the tree can change before it"));
        }
    }

    /** /dev/tty, as sudo and ssh ask: answers come from the person even when standard input is a pipe. */
    private static Optional<Prompt> controllingTerminal() {
        Path tty = Path.of("/dev/tty");
        if (!Files.exists(tty)) {
            return Optional.empty();
        }
        try {
            FileInputStream in = new FileInputStream(tty.toFile());
            FileOutputStream out = new FileOutputStream(tty.toFile());
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
            return Optional.of(question -> {
                writer.print(question);
                writer.flush();
                String answer = reader.readLine();
                return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
            });
        } catch (IOException e) {
            return Optional.empty(); // no controlling terminal (ENXIO): refuse rather than hang
        }
    }

    /**
     * Takes the topics that follow --debris and nothing else, so {@code --debris .} cleans the current folder
     * instead of failing on a topic named ".".
     */
    static final class DebrisTopics implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                                      CommandLine.Model.CommandSpec commandSpec) {
            List<String> topics = new ArrayList<>();
            List<String> known = new ArrayList<>(DebrisTopic.names());
            known.add("all");
            while (!args.isEmpty()) {
                String next = args.peek();
                List<String> words = List.of(next.split(","));
                if (words.stream().allMatch(known::contains)) {
                    topics.addAll(words);
                    args.pop();
                } else if (next.matches("[a-z]+(,[a-z]+)*") && !Files.exists(Path.of(next))) {
                    String unknown = words.stream().filter(w -> !known.contains(w)).findFirst().orElse(next);
                    throw new CommandLine.ParameterException(commandSpec.commandLine(), "unknown debris topic '"
                            + unknown + "' (known: " + String.join(", ", known) + ")");
                } else {
                    break;
                }
            }
            List<String> current = argSpec.getValue();
            if (current != null) {
                topics.addAll(0, current);
            }
            argSpec.setValue(topics);
        }
    }

    /** The --format json document; Jackson is loaded only when it is asked for. */
    static final class JsonReport {
        private JsonReport() {
        }

        static void print(Terminal term, CleanResult result) {
            Json.print(term.out(), toJson(result));
        }

        static com.fasterxml.jackson.databind.node.ObjectNode toJson(CleanResult result) {
            var doc = Json.object();
            var removed = doc.putArray("removed");
            for (Removal r : result.removed()) {
                removed.addObject().put("path", r.path().toString()).put("reason", r.reason().label())
                        .put("bytes", r.bytes());
            }
            var sourceless = doc.putArray("kept_sourceless");
            result.keptSourceless().forEach(p -> sourceless.add(p.toString()));
            var skipped = doc.putArray("skipped");
            for (Skipped s : result.skipped()) {
                skipped.addObject().put("path", s.path().toString()).put("reason", s.reason());
            }
            var errors = doc.putArray("errors");
            for (CleanError e : result.errors()) {
                errors.addObject().put("path", e.path().toString()).put("message", e.message());
            }
            doc.put("bytes_freed", result.bytesFreed());
            InUseOutput.json(doc, result.keepSet());
            return doc;
        }
    }
}
