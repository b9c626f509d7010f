package io.pycd.settings;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheTag;
import io.pycd.cache.InvalidationMode;
import io.pycd.config.ConfigException;
import io.pycd.config.ConfigMemo;
import io.pycd.config.ProjectConfig;
import io.pycd.config.RequiresPython;
import io.pycd.environment.Environment;
import io.pycd.interpreter.DefaultInterpreters;
import io.pycd.interpreter.InterpreterException;
import io.pycd.interpreter.Interpreters;
import io.pycd.state.CompileRecord;
import io.pycd.site.PythonEnv;
import io.pycd.tree.Glob;
import io.pycd.tree.TreeRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one step from what the user asked to what the engines run with, as uv's {@code settings.rs} does it: each
 * value comes from the request if it was given, else from {@code [tool.pycd]} of the nearest pyproject.toml, else
 * from the environment or pycd's default. Every command resolves through here, and so does the daemon, so a
 * request means the same wherever it is resolved.
 */
public final class SettingsResolver {

    private SettingsResolver() {
    }

    /** Resolves {@code request} as a shell in {@code environment} would. */
    public static Resolved resolve(Request request, Environment environment) throws SettingsException {
        Path first = request.paths().isEmpty() ? Path.of(".") : request.paths().get(0);
        ProjectConfig config;
        try {
            config = ProjectConfig.find(environment.workingDirectory().resolve(first), ConfigMemo.forUser(environment));
        } catch (ConfigException e) {
            throw new SettingsException(e.getMessage());
        }
        Optional<PythonEnv> env = Optional.empty();
        if (request.env().isPresent()) {
            env = Optional.of(env(request.env().get(), request.targets(), environment));
        }
        List<Path> roots = new ArrayList<>(request.paths());
        if (roots.isEmpty() && env.isEmpty()) {
            roots.add(Path.of("."));
        }
        if (env.isPresent()) {
            roots.addAll(env.get().roots());
        }
        Optional<Resolved.Targets> targets = Optional.empty();
        if (request.targets().isPresent()) {
            targets = Optional.of(targets(request.targets().get(), config, environment, roots, env));
        }
        Resolved.Walk walk = walk(request.walk(), config, env);
        Optional<Resolved.WatchValues> watch = Optional.empty();
        if (request.watch().isPresent()) {
            watch = Optional.of(watch(request.watch().get(), config));
        }
        Optional<Resolved.Keep> keep = Optional.empty();
        if (request.keep().isPresent()) {
            keep = Optional.of(keep(request.keep().get(), config, targets.isPresent()));
        }
        return new Resolved(environment, config, roots, targets, walk, watch, keep, env);
    }

    /** {@code --env}: the environment and its folders; {@code --python} beside it is a usage error. */
    private static PythonEnv env(Request.Env asked, Optional<Request.Targets> targets, Environment environment)
            throws SettingsException {
        if (targets.isPresent() && !targets.get().pythons().isEmpty()) {
            throw new SettingsException("--python and --env cannot be combined: --env targets the environment's own "
                    + "interpreter");
        }
        try {
            return PythonEnv.resolve(asked.spec(), asked.stdlib(), Interpreters.of(environment),
                    environment.workingDirectory());
        } catch (InterpreterException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    private static Resolved.Targets targets(Request.Targets asked, ProjectConfig config, Environment environment,
                                            List<Path> roots, Optional<PythonEnv> env) throws SettingsException {
        try {
            DefaultInterpreters.Choice choice = env.isPresent()
                    ? new DefaultInterpreters.Choice(List.of(env.get().interpreter()),
                            DefaultInterpreters.Origin.ENV_FLAG,
                            Optional.of(env.get().virtualenv().orElse(env.get().interpreter().executable())))
                    : new DefaultInterpreters(Interpreters.of(environment))
                            .choose(asked.pythons(), config.pythons(), config.root(), roots);
            InvalidationMode mode = asked.invalidationMode().isPresent()
                    ? InvalidationMode.parse(asked.invalidationMode().get())
                    : config.invalidationMode().orElse(InvalidationMode.defaultFor(environment.sourceDateEpoch()));
            Optional<Path> prefix = either(asked.pycachePrefix().isPresent()
                    ? Optional.of(environment.workingDirectory().resolve(asked.pycachePrefix().get()))
                    : Optional.empty(), config.pycachePrefix());
            if (asked.legacy() && prefix.isPresent()) {
                throw new SettingsException("--legacy and --pycache-prefix cannot be combined");
            }
            if (!asked.legacy()) {
                // As compileall: PYTHONPYCACHEPREFIX is where the Python run here looks, so it is the default
                // (compileall -b ignores it, and so does --legacy).
                prefix = either(prefix, environment.pycachePrefix());
            }
            int workers = either(asked.jobs(), config.jobs()).orElse(Runtime.getRuntime().availableProcessors());
            if (workers < 1) {
                throw new SettingsException("--jobs must be at least 1");
            }
            if (asked.timeoutSeconds() <= 0 || asked.maxSourceBytes() <= 0) {
                throw new SettingsException("--timeout and --max-size must be positive");
            }
            CacheLayout layout = asked.legacy() ? new CacheLayout.Legacy()
                    : prefix.isPresent() ? new CacheLayout.Prefix(prefix.get()) : new CacheLayout.Pycache();
            CompileSettings settings = new CompileSettings(choice.interpreters(),
                    asked.optimize().isEmpty() ? config.optimize() : asked.optimize(), mode, layout,
                    new CodeFileNames(asked.ddir(), asked.stripDir(), asked.prependDir()), asked.hardlinkDupes(),
                    new WorkerLimits(workers, Duration.ofMillis((long) (asked.timeoutSeconds() * 1000)), 0),
                    asked.maxSourceBytes(), memory(asked, config, environment));
            return new Resolved.Targets(settings, choice);
        } catch (InterpreterException | IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /**
     * The store (unless {@code --no-store} or {@code [tool.pycd] store = false}) where the environment puts it, and
     * the user's compile record, kept whether or not the store is used.
     */
    private static CompileMemory memory(Request.Targets asked, ProjectConfig config, Environment environment)
            throws SettingsException {
        StoreLocation store = StoreLocation.of(environment, config);
        boolean on = !asked.noStore() && config.store().orElse(true);
        return new CompileMemory(on ? Optional.of(store.folder()) : Optional.empty(), store.maxBytes(),
                Optional.of(CompileRecord.userFolder(environment)));
    }

    /**
     * The excludes: {@code [tool.pycd] exclude}, then {@code --exclude}; an environment's standard library also
     * leaves out what {@link PythonEnv#STDLIB_LEFT_OUT} names.
     */
    private static Resolved.Walk walk(Request.Walk asked, ProjectConfig config, Optional<PythonEnv> env)
            throws SettingsException {
        if (asked.maxDepth() < -1) {
            throw new SettingsException("--max-depth must be 0 or more (-1, the default: no limit)");
        }
        List<Glob> globs = new ArrayList<>();
        try {
            for (String g : config.exclude()) {
                globs.add(Glob.compile(g));
            }
            for (String g : asked.exclude()) {
                globs.add(Glob.compile(g));
            }
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
        TreeRules rules = new TreeRules(globs);
        Map<Path, TreeRules> byRoot = new HashMap<>();
        if (env.isPresent()) {
            for (Path dir : env.get().stdlib()) {
                byRoot.put(dir, PythonEnv.stdlibRules(rules));
            }
        }
        return new Resolved.Walk(rules, asked.maxDepth(), byRoot);
    }

    private static Resolved.WatchValues watch(Request.Watch asked, ProjectConfig config) throws SettingsException {
        if (asked.settleMillis() < 0 || asked.settleMillis() > 60_000) {
            throw new SettingsException("--settle must be from 0 to 60000 milliseconds");
        }
        if (asked.pollMillis() < 10) {
            throw new SettingsException("--poll-interval must be at least 10 milliseconds");
        }
        boolean respect = either(asked.respectGitignore(), config.respectGitignore()).orElse(false);
        return new Resolved.WatchValues(Duration.ofMillis(asked.settleMillis()), respect,
                Duration.ofMillis(asked.pollMillis()));
    }

    /**
     * @param withTargets requires-python only limits what is kept besides the targets: without targets
     *                    ({@code clean --all}) it is not read
     */
    private static Resolved.Keep keep(Request.Keep asked, ProjectConfig config, boolean withTargets)
            throws SettingsException {
        String inFile = config.file().isPresent() ? config.file().get() + ": " : "";
        for (String v : config.keepVersions()) {
            checkKeepVersion(v, inFile);
        }
        for (String v : asked.versions()) {
            checkKeepVersion(v, "--keep-version: "); // a flag's value is not the project file's fault
        }
        List<String> versions = new ArrayList<>(config.keepVersions());
        versions.addAll(asked.versions());
        try {
            Optional<RequiresPython> requires = withTargets && config.requiresPython().isPresent()
                    ? Optional.of(RequiresPython.parse(config.requiresPython().get())) : Optional.empty();
            return new Resolved.Keep(versions, requires, config.root());
        } catch (IllegalArgumentException e) {
            throw new SettingsException(inFile + e.getMessage());
        }
    }

    /** A version to keep as {@link CacheTag#ofKeepVersion} reads it; {@code where} starts the message of a bad one. */
    private static void checkKeepVersion(String version, String where) throws SettingsException {
        try {
            CacheTag.ofKeepVersion(version);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(where + e.getMessage());
        }
    }

    /**
     * The first value given: a flag's over the project file's, the file's over the environment's. Written out, not
     * {@code Optional.or} with a method reference: resolving runs at every start, and on Java 17 each lambda is a call
     * site that start links (~0.2 ms each).
     */
    private static <T> Optional<T> either(Optional<T> first, Optional<T> second) {
        return first.isPresent() ? first : second;
    }
}
