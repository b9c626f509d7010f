package io.pycd.cli;

import io.pycd.environment.Environment;
import io.pycd.interpreter.Interpreters;
import io.pycd.settings.CompileSettings;
import io.pycd.settings.Request;
import io.pycd.settings.Resolved;
import io.pycd.settings.SettingsException;
import io.pycd.settings.SettingsResolver;
import io.pycd.settings.WorkerLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which caches a tree should have: the target interpreters, levels, invalidation mode and layout, and which sources
 * the walk takes. Exactly the options that change what {@code pycd status} answers, so status takes these and no
 * more; {@link TargetOptions} adds how compile and watch write them. They become a {@link Request};
 * {@link SettingsResolver} merges it with {@code [tool.pycd]} of the nearest pyproject.toml (flags win).
 */
public class CacheOptions {

    List<String> pythons = new ArrayList<>();
    List<Integer> optimize = new ArrayList<>();
    String invalidationMode;
    Path pycachePrefix;
    boolean legacy;
    List<String> exclude = new ArrayList<>();
    int maxDepth = -1;
    String inputFile;

    /** Adds these options to {@code spec}, in the order --help lists them. */
    void addTo(CommandSpec spec) {
        spec.addOption(Specs.options(String.class, pythons, "--python").paramLabel("PYTHON")
                .description("Target interpreter: a name on PATH (python3.12) or a path. Repeatable. "
                        + "Default: [tool.pycd] pythons, else the virtualenv a PATH lies in, else $VIRTUAL_ENV, else "
                        + ".venv/ or venv/ in the project, else python3 on PATH (pycd pythons says which). One that "
                        + "does not answer within " + Interpreters.ANSWER_WITHIN.toSeconds() + " s is stopped and not "
                        + "used.").build());
        spec.addOption(Specs.options(Integer.class, optimize, "-o", "--optimize").paramLabel("LEVEL")
                .description("Optimization level 0, 1 or 2 (.opt-1/.opt-2 caches). Repeatable. Default: 0.").build());
        spec.addOption(Specs.option(String.class, this, "invalidationMode", "--invalidation-mode").paramLabel("MODE")
                .description("timestamp, checked-hash or unchecked-hash. Default as py_compile: checked-hash when "
                        + "SOURCE_DATE_EPOCH is set, else timestamp.").build());
        spec.addOption(Specs.option(Path.class, this, "pycachePrefix", "--pycache-prefix").paramLabel("DIR")
                .description("Caches live under DIR, mirroring the sources' absolute paths (PYTHONPYCACHEPREFIX "
                        + "layout). Default: [tool.pycd] pycache-prefix, else $PYTHONPYCACHEPREFIX (as compileall).")
                .build());
        spec.addOption(Specs.flag(this, "legacy", "--legacy").description("Caches are x.pyc beside x.py instead of "
                + "in __pycache__ (compileall -b), for sourceless distributions.").build());
        spec.addOption(Specs.options(String.class, exclude, "-x", "--exclude").paramLabel("GLOB")
                .description("Skip matching files and folders. A glob without / matches a name anywhere; with / "
                        + "it matches the path from the tree's root; ** crosses folders. Repeatable.").build());
        spec.addOption(Specs.option(int.class, this, "maxDepth", "--max-depth").paramLabel("N").defaultValue("-1")
                .description("Folder levels to descend below each PATH (0: its own files only; compileall -l/-r). "
                        + "Default: all.").build());
        spec.addOption(Specs.option(String.class, this, "inputFile", "-i", "--input-file").paramLabel("FILE")
                .description("Also take PATHs from FILE, one per line ('-' for standard input; compileall -i).")
                .build());
    }

    /** {@code --python} and the rest, as a request's targets; what only compile sets stays at its default. */
    public Request.Targets targets() {
        return new Request.Targets(pythons, optimize, Optional.ofNullable(invalidationMode),
                Optional.ofNullable(pycachePrefix), legacy, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, CompileSettings.DEFAULT_MAX_SOURCE_BYTES,
                WorkerLimits.DEFAULT_TIMEOUT.toSeconds());
    }

    /** {@code --exclude} and {@code --max-depth}. */
    public Request.Walk walk() {
        return new Request.Walk(exclude, maxDepth);
    }

    /** The PATHs given, then those of {@code --input-file}. */
    public List<Path> paths(List<Path> given) {
        List<Path> roots = new ArrayList<>(given);
        if (inputFile != null) {
            roots.addAll(readInputFile());
        }
        return roots;
    }

    /** The request of a command that compiles (compile, status, watch), resolved in this process's environment. */
    public Resolved resolve(List<Path> given, Optional<Request.Watch> watch) {
        return resolve(request(given, watch));
    }

    /** The request of a command that compiles (compile, status, watch), before it is resolved. */
    Request request(List<Path> given, Optional<Request.Watch> watch) {
        return new Request(paths(given), Optional.of(targets()), walk(), watch, Optional.empty());
    }

    /** The environment requests are resolved in: this process's; tests run commands in others. */
    static volatile Supplier<Environment> environment = new Supplier<>() { // not a method reference: see Specs
        @Override
        public Environment get() {
            return Environment.current();
        }
    };

    /** Resolves any command's request; what cannot be resolved is a usage error. */
    static Resolved resolve(Request request) {
        try {
            return SettingsResolver.resolve(request, environment.get());
        } catch (SettingsException e) {
            throw new UsageFailure(e.getMessage());
        }
    }

    private List<Path> readInputFile() {
        try (BufferedReader r = "-".equals(inputFile)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(inputFile), StandardCharsets.UTF_8)) {
            List<Path> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(Path.of(line.strip()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UsageFailure(inputFile + ": cannot read: " + e.getMessage());
        }
    }
}
