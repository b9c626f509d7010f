package io.pycd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pycd.config.ProjectConfig;
import io.pycd.interpreter.DefaultInterpreters;
import io.pycd.interpreter.Discovered;
import io.pycd.interpreter.Interpreter;
import io.pycd.interpreter.InterpreterDiscovery;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import io.pycd.settings.Request;
import io.pycd.settings.Resolved;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class PythonsCommand implements Callable<Integer> {

    Path project = Path.of(".");
    final OutputOptions output = new OutputOptions();

    /** The command's model: its help and options, in the order --help lists them. */
    CommandSpec spec() {
        CommandSpec spec = Specs.command("pythons", this);
        spec.usageMessage()
                .description("List the interpreters pycd can target (on PATH, in pyenv's versions folder, in the "
                        + "project's virtualenvs) with version, cache tag and magic number, and mark the default ones "
                        + "(*) for PATH, saying where they come from: [tool.pycd] pythons, the virtualenv PATH lies "
                        + "in, $VIRTUAL_ENV, the project's .venv/ or venv/, python3 on PATH (in that order).")
                .footerHeading("%nExit codes:%n")
                .footer("  0  listed (an interpreter that will not start is left out; -v says why)",
                        "  2  usage or configuration error: bad flag, no such PATH, malformed pyproject.toml, a",
                        "     default interpreter that cannot be used (listed all the same, the reason last)");
        spec.addPositional(Specs.parameter(Path.class, this, "project")
                .paramLabel("PATH")
                .arity("0..1")
                .description("The folder or file to pick defaults for, as compile would for it. Default: .").build());
        output.addTo(spec);
        return Specs.standardHelp(spec);
    }

    @Override
    public Integer call() {
        Terminal term = Terminal.system();
        if (!Files.exists(project, LinkOption.NOFOLLOW_LINKS)) {
            throw WalkOutput.unusablePath(new NoSuchFileException(project.toString()), "pythons");
        }
        Resolved setup = CacheOptions.resolve(new Request(List.of(project), Optional.empty(),
                Request.Walk.everything(), Optional.empty(), Optional.empty()));
        ProjectConfig config = setup.config();
        Interpreters interpreters = Interpreters.of(setup.environment());
        List<String> problems = new ArrayList<>();
        List<Discovered> found = new InterpreterDiscovery(interpreters)
                .discover(config.root(), e -> problems.add(e.getMessage()));
        DefaultInterpreters.Choice choice = null;
        String noDefault = null;
        try {
            choice = new DefaultInterpreters(interpreters).choose(List.of(), config.pythons(), config.root(),
                    List.of(project));
        } catch (InterpreterException e) {
            noDefault = e.getMessage();
        }
        List<Path> defaults = choice == null ? List.of()
                : choice.interpreters().stream().map(Interpreter::executable).toList();
        if (output.json()) {
            ObjectNode doc = Json.object();
            ArrayNode list = doc.putArray("interpreters");
            for (Discovered d : found) {
                Interpreter i = d.interpreter();
                ObjectNode n = Json.interpreter(i);
                n.put("magic", i.magicNumber()).put("magic_hex", i.magicHex())
                        .put("default", defaults.contains(i.executable()));
                ArrayNode as = n.putArray("found_as");
                d.foundAs().forEach(as::add);
                list.add(n);
            }
            ArrayNode def = doc.putArray("default");
            defaults.forEach(p -> def.add(p.toString()));
            doc.put("default_from", choice == null ? null : choice.origin().label());
            doc.put("default_from_path", choice == null ? null : choice.from().map(Path::toString).orElse(null));
            doc.put("default_problem", noDefault);
            ArrayNode errs = doc.putArray("problems");
            problems.forEach(errs::add);
            Json.print(term.out(), doc);
        } else {
            for (Discovered d : found) {
                Interpreter i = d.interpreter();
                boolean isDefault = defaults.contains(i.executable());
                term.out().println(String.format("%s %-8s %-12s magic %-5d %s", isDefault ? "*" : " ", i.version(),
                        i.cacheTag(), i.magicNumber(), i.executable()) + term.dim("  " + String.join(", ", d.foundAs())));
            }
            if (choice != null && !output.quiet()) {
                for (Interpreter i : choice.interpreters()) {
                    if (found.stream().noneMatch(d -> d.interpreter().executable().equals(i.executable()))) {
                        term.out().println(String.format("* %-8s %-12s magic %-5d %s", i.version(), i.cacheTag(),
                                i.magicNumber(), i.executable()));
                    }
                }
                term.out().println("default (*) from " + choice.describe());
            }
            if (noDefault != null) {
                term.err().println("pycd: " + noDefault);
            }
            if (output.verbose()) {
                problems.forEach(p -> term.err().println("pycd: skipped " + p));
            }
        }
        // compile would stop here with this same message: a default that cannot be used is a configuration error
        return noDefault == null ? ExitCodes.OK : ExitCodes.USAGE;
    }
}
