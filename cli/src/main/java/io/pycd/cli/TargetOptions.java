package io.pycd.cli;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.InvalidationMode;
import io.pycd.compile.CodeFileNames;
import io.pycd.compile.CompileSettings;
import io.pycd.config.ConfigException;
import io.pycd.config.ProjectConfig;
import io.pycd.interpreter.DefaultInterpreters;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import io.pycd.tree.Glob;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import io.pycd.worker.WorkerPool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What to compile for and how: the options shared by compile, status and watch, merged with {@code [tool.pycd]}
 * of the nearest pyproject.toml (flags win).
 */
public final class TargetOptions {

    @Option(names = "--python", paramLabel = "PYTHON",
            description = "Target interpreter: a name on PATH (python3.12) or a path. Repeatable. "
                    + "Default: [tool.pycd] pythons, else $VIRTUAL_ENV, else .venv/ or venv/ in the project, "
                    + "else python3 on PATH.")
    List<String> pythons = new ArrayList<>();

    @Option(names = {"-o", "--optimize"}, paramLabel = "LEVEL",
            description = "Optimization level 0, 1 or 2 (.opt-1/.opt-2 caches). Repeatable. Default: 0.")
    List<Integer> optimize = new ArrayList<>();

    @Option(names = "--invalidation-mode", paramLabel = "MODE",
            description = "timestamp, checked-hash or unchecked-hash. "
                    + "Default as py_compile: checked-hash when SOURCE_DATE_EPOCH is set, else timestamp.")
    String invalidationMode;

    @Option(names = "--pycache-prefix", paramLabel = "DIR",
            description = "Write caches under DIR mirroring the sources' absolute paths (PYTHONPYCACHEPREFIX layout).")
    Path pycachePrefix;

    @Option(names = {"-x", "--exclude"}, paramLabel = "GLOB",
            description = "Skip matching files and folders. A glob without / matches a name anywhere; with / "
                    + "it matches the path from the tree's root; ** crosses folders. Repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Worker processes per interpreter. Default: one per core.")
    Integer jobs;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "-1",
            description = "Folder levels to descend below each PATH (0: its own files only; compileall -l/-r). "
                    + "Default: all.")
    int maxDepth = -1;

    @Option(names = "--legacy", description = "Write x.pyc beside x.py instead of __pycache__ (compileall -b), "
            + "for sourceless distributions.")
    boolean legacy;

    @Option(names = {"-d", "--ddir"}, paramLabel = "DIR",
            description = "Record DIR in place of the tree's root as the file name in the code (compileall -d).")
    String ddir;

    @Option(names = {"-s", "--strip-dir"}, paramLabel = "DIR",
            description = "Strip DIR from the front of the recorded file name (compileall -s).")
    String stripDir;

    @Option(names = {"-p", "--prepend-dir"}, paramLabel = "DIR",
            description = "Put DIR in front of the recorded file name, after --strip-dir (compileall -p).")
    String prependDir;

    @Option(names = "--hardlink-dupes",
            description = "Optimization levels that compile to identical bytes share one file (compileall).")
    boolean hardlinkDupes;

    @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "33554432",
            description = "Sources larger than this are reported, not compiled (compiling 14 MB takes ~2 GB). "
                    + "Default: ${DEFAULT-VALUE} (32 MiB).")
    long maxSize = CompileSettings.DEFAULT_MAX_SOURCE_BYTES;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Per-file time limit; a worker that takes longer is killed and replaced. "
                    + "Default: ${DEFAULT-VALUE}.")
    double timeoutSeconds = 60;

    @Option(names = {"-i", "--input-file"}, paramLabel = "FILE",
            description = "Also take PATHs from FILE, one per line ('-' for standard input; compileall -i).")
    String inputFile;

    /** Everything a command needs to run, resolved. */
    public record Setup(ProjectConfig config, CompileSettings settings, SourceWalker walker, List<Path> roots,
                        String interpreterSource) {
    }

    /** Merges flags, pyproject.toml and defaults; usage and configuration errors become {@link UsageFailure}. */
    public Setup resolve(List<Path> paths) {
        List<Path> roots = new ArrayList<>(paths);
        if (inputFile != null) {
            roots.addAll(readInputFile());
        }
        if (roots.isEmpty()) {
            roots.add(Path.of("."));
        }
        ProjectConfig config;
        try {
            config = ProjectConfig.find(roots.get(0));
        } catch (ConfigException e) {
            throw new UsageFailure(e.getMessage());
        }
        try {
            Interpreters interpreters = Interpreters.forUser();
            DefaultInterpreters.Choice choice = new DefaultInterpreters(interpreters)
                    .choose(pythons, config.pythons(), config.root());
            InvalidationMode mode = invalidationMode != null ? InvalidationMode.parse(invalidationMode)
                    : config.invalidationMode().orElse(InvalidationMode.defaultFor(System.getenv()));
            Optional<Path> prefix = Optional.ofNullable(pycachePrefix).or(config::pycachePrefix);
            if (legacy && prefix.isPresent()) {
                throw new UsageFailure("--legacy and --pycache-prefix cannot be combined");
            }
            int workers = jobs != null ? jobs : config.jobs().orElse(Runtime.getRuntime().availableProcessors());
            if (workers < 1) {
                throw new UsageFailure("--jobs must be at least 1");
            }
            if (timeoutSeconds <= 0 || maxSize <= 0) {
                throw new UsageFailure("--timeout and --max-size must be positive");
            }
            CompileSettings settings = new CompileSettings(choice.interpreters(),
                    optimize.isEmpty() ? config.optimize() : optimize, mode, layout(prefix),
                    new CodeFileNames(Optional.ofNullable(ddir), Optional.ofNullable(stripDir),
                            Optional.ofNullable(prependDir)),
                    hardlinkDupes,
                    new WorkerPool.Settings(workers, Duration.ofMillis((long) (timeoutSeconds * 1000)), 0),
                    maxSize);
            return new Setup(config, settings, new SourceWalker(rules(config), maxDepth), List.copyOf(roots),
                    choice.source());
        } catch (InterpreterException e) {
            throw new UsageFailure(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageFailure(e.getMessage());
        }
    }

    /** The exclude rules: {@code --exclude} plus {@code [tool.pycd] exclude}. */
    public TreeRules rules(ProjectConfig config) {
        List<Glob> globs = new ArrayList<>();
        for (String g : config.exclude()) {
            globs.add(Glob.compile(g));
        }
        for (String g : exclude) {
            globs.add(Glob.compile(g));
        }
        return new TreeRules(globs);
    }

    private CacheLayout layout(Optional<Path> prefix) {
        if (legacy) {
            return new CacheLayout.Legacy();
        }
        return prefix.<CacheLayout>map(CacheLayout.Prefix::new).orElseGet(CacheLayout.Pycache::new);
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
