package io.pycd.settings;

import io.pycd.config.ProjectConfig;
import io.pycd.config.RequiresPython;
import io.pycd.environment.Environment;
import io.pycd.interpreter.DefaultInterpreters;
import io.pycd.interpreter.InUse;
import io.pycd.interpreter.Interpreter;
import io.pycd.site.PythonEnv;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import io.pycd.tree.WalkFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Request} resolved against {@code [tool.pycd]} and the environment: what the engines run with.
 *
 * @param environment what it was resolved against (where pycd keeps its state, among others)
 * @param config      the project's {@code [tool.pycd]}, found at or above the first root
 * @param roots       the PATHs, as given ({@code .} when none was and no {@code --env}), then the folders of
 *                    {@code --env}
 * @param targets     the compile settings, when the request asked for targets
 * @param walk        what the walk leaves out
 * @param watch       watch's values, when the request had watch's flags
 * @param keep        clean's keep inputs, when the request had clean's
 * @param env         the environment of {@code --env}
 */
public record Resolved(Environment environment, ProjectConfig config, List<Path> roots, Optional<Targets> targets,
                       Walk walk, Optional<WatchValues> watch, Optional<Keep> keep, Optional<PythonEnv> env) {

    public Resolved {
        roots = List.copyOf(roots);
    }

    /**
     * @param compile how caches are compiled and written
     * @param choice  the interpreters and where they came from
     */
    public record Targets(CompileSettings compile, DefaultInterpreters.Choice choice) {
        /** Where the interpreters came from: {@code --python}, {@code --env}, {@code pyproject.toml}, ... */
        public String interpreterSource() {
            return choice.origin().label();
        }
    }

    /**
     * @param rules     the excludes of {@code --exclude} and {@code [tool.pycd] exclude}
     * @param maxDepth  folder levels below each root, -1 for all
     * @param rootRules roots walked with other rules than {@code rules} (an environment's standard library)
     */
    public record Walk(TreeRules rules, int maxDepth, Map<Path, TreeRules> rootRules) {
        public Walk {
            rootRules = Map.copyOf(rootRules);
        }

        public Walk(TreeRules rules, int maxDepth) {
            this(rules, maxDepth, Map.of());
        }

        /** The source walk these rules describe: compile's, status's. */
        public SourceWalker walker() {
            return rootRules.isEmpty() ? new SourceWalker(rules, maxDepth)
                    : new SourceWalker(WalkFilter.perRoot(rules, rootRules, maxDepth));
        }
    }

    /**
     * What watch's {@code WatchSettings} are built from.
     *
     * @param settle           quiet time per file before acting on it
     * @param respectGitignore folders git ignores are neither watched nor compiled
     * @param pollInterval     how often folders that cannot be watched are polled
     */
    public record WatchValues(Duration settle, boolean respectGitignore, Duration pollInterval) {
    }

    /**
     * What clean's keep set is built from, besides the targets and the virtualenvs it finds.
     *
     * @param versions       {@code [tool.pycd] keep-versions} then {@code --keep-version}, as given (each a valid
     *                       {@code X.Y} or tag)
     * @param requiresPython {@code [project] requires-python}, read only when there are targets (clean without
     *                       {@code --all})
     * @param projectRoot    the project's root: its virtualenvs count even when a subfolder is cleaned
     */
    public record Keep(List<String> versions, Optional<RequiresPython> requiresPython, Path projectRoot) {
        public Keep {
            versions = List.copyOf(versions);
        }
    }

    /** The compile settings; only for a request that asked for targets. */
    public CompileSettings compile() {
        if (targets.isEmpty()) {
            throw new IllegalStateException("resolved without targets");
        }
        return targets.get().compile();
    }

    /**
     * What {@link InUse#find} starts from for this request: its targets (none without), the keep inputs (none
     * without), {@code [tool.pycd] pythons}, the roots made absolute.
     *
     * @param onlyTargets {@code --only-targets}
     */
    public InUse.Inputs inUseInputs(boolean onlyTargets) {
        List<Interpreter> interpreters = targets.map(t -> t.compile().interpreters()).orElse(List.of());
        List<Path> absolute = roots.stream().map(r -> environment.workingDirectory().resolve(r).normalize()).toList();
        return new InUse.Inputs(interpreters, keep.map(Keep::versions).orElse(config.keepVersions()),
                config.pythons(), keep.flatMap(Keep::requiresPython), config.root(), absolute, onlyTargets);
    }
}
