package io.pycd.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the user asked for, as given (on the command line, or sent to the daemon), before {@code [tool.pycd]} and the
 * environment fill the gaps. No part of it knows about picocli; {@link SettingsResolver} turns it into
 * {@link Resolved} settings.
 *
 * @param paths   the PATHs (folders or files), as given; none means {@code .}
 * @param targets what to compile for and how, for commands that target interpreters (all but {@code clean --all})
 * @param walk    what the walk leaves out
 * @param watch   watch's own flags, for watch and the daemon
 * @param keep    clean's {@code --keep-version} values, for clean
 * @param env     {@code --env}: an environment whose interpreter is the target and whose folders are walked
 */
public record Request(List<Path> paths, Optional<Targets> targets, Walk walk, Optional<Watch> watch,
                      Optional<Keep> keep, Optional<Env> env) {

    public Request {
        paths = List.copyOf(paths);
    }

    /**
     * Compiling {@code sources} (files or folders) for one interpreter as a command ran it (see
     * {@link Targets#forInterpreter}): what {@code pycd startup --fix} asks for. Resolve it with
     * {@link SettingsResolver#resolve} and hand {@code compile()}, {@code walk().walker()} and {@code roots()} to the
     * compiler's {@code TreeCompiler}.
     */
    public static Request compileFor(Path interpreter, Optional<Path> pycachePrefix, int optimize, List<Path> sources) {
        return new Request(sources, Optional.of(Targets.forInterpreter(interpreter.toString(), pycachePrefix, optimize)),
                Walk.everything(), Optional.empty(), Optional.empty());
    }

    /** A request that names no environment. */
    public Request(List<Path> paths, Optional<Targets> targets, Walk walk, Optional<Watch> watch, Optional<Keep> keep) {
        this(paths, targets, walk, watch, keep, Optional.empty());
    }

    /** This request with clean's keep inputs (status asks for them too: keep-versions are in use). */
    public Request withKeep(Optional<Keep> versions) {
        return new Request(paths, targets, walk, watch, versions, env);
    }

    /** This request with {@code --env}. */
    public Request withEnv(Optional<Env> environment) {
        return new Request(paths, targets, walk, watch, keep, environment);
    }

    /**
     * {@code --env ENV [--stdlib]}: target ENV's interpreter and walk its site-packages (and its editable installs'
     * source folders), and with {@code stdlib} its standard library too. No PATH then means no other folder.
     *
     * @param spec   a virtualenv folder, a Python installation folder, or an interpreter (name or path)
     * @param stdlib also its standard library
     */
    public record Env(String spec, boolean stdlib) {
    }

    /**
     * compile's options: {@code --python}, {@code -o}, {@code --invalidation-mode}, the layout, the recorded file
     * name, the worker limits. Empty lists and optionals leave the choice to {@code [tool.pycd]} and the defaults.
     *
     * @param maxSourceBytes {@code --max-size}
     * @param timeoutSeconds {@code --timeout}, per file
     * @param noStore        {@code --no-store}
     */
    public record Targets(List<String> pythons, List<Integer> optimize, Optional<String> invalidationMode,
                          Optional<Path> pycachePrefix, boolean legacy, Optional<Integer> jobs, Optional<String> ddir,
                          Optional<String> stripDir, Optional<String> prependDir, boolean hardlinkDupes,
                          long maxSourceBytes, double timeoutSeconds, boolean noStore) {

        public Targets {
            pythons = List.copyOf(pythons);
            optimize = List.copyOf(optimize);
        }

        /** Without {@code --no-store}: the store as {@code [tool.pycd]} says (on by default). */
        public Targets(List<String> pythons, List<Integer> optimize, Optional<String> invalidationMode,
                       Optional<Path> pycachePrefix, boolean legacy, Optional<Integer> jobs, Optional<String> ddir,
                       Optional<String> stripDir, Optional<String> prependDir, boolean hardlinkDupes,
                       long maxSourceBytes, double timeoutSeconds) {
            this(pythons, optimize, invalidationMode, pycachePrefix, legacy, jobs, ddir, stripDir, prependDir,
                    hardlinkDupes, maxSourceBytes, timeoutSeconds, false);
        }

        /**
         * What a command that was run imports: its interpreter (a path or a name), the {@code sys.pycache_prefix} it
         * ran with (empty: {@code __pycache__}; then {@code [tool.pycd] pycache-prefix} or PYTHONPYCACHEPREFIX of the
         * environment resolved in still apply, as they would for compile) and its {@code sys.flags.optimize}; every
         * other option at its default.
         */
        public static Targets forInterpreter(String python, Optional<Path> pycachePrefix, int optimize) {
            return new Targets(List.of(python), List.of(optimize), Optional.empty(), pycachePrefix, false,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                    CompileSettings.DEFAULT_MAX_SOURCE_BYTES, WorkerLimits.DEFAULT_TIMEOUT.toSeconds());
        }

        /** Only {@code --python}, every other option at its default: what clean asks for. */
        public static Targets pythons(List<String> pythons) {
            return new Targets(pythons, List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), false, CompileSettings.DEFAULT_MAX_SOURCE_BYTES,
                    WorkerLimits.DEFAULT_TIMEOUT.toSeconds());
        }
    }

    /**
     * @param exclude  {@code --exclude} globs (added to {@code [tool.pycd] exclude})
     * @param maxDepth folder levels below each PATH, -1 for all
     */
    public record Walk(List<String> exclude, int maxDepth) {
        public Walk {
            exclude = List.copyOf(exclude);
        }

        public static Walk everything() {
            return new Walk(List.of(), -1);
        }
    }

    /**
     * @param settleMillis     {@code --settle}
     * @param respectGitignore {@code --[no-]respect-gitignore}; empty leaves it to {@code [tool.pycd]}
     * @param pollMillis       {@code --poll-interval}
     */
    public record Watch(long settleMillis, Optional<Boolean> respectGitignore, long pollMillis) {
    }

    /** @param versions {@code --keep-version} values, added to {@code [tool.pycd] keep-versions} */
    public record Keep(List<String> versions) {
        public Keep {
            versions = List.copyOf(versions);
        }
    }
}
