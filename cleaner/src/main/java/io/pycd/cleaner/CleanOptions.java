package io.pycd.cleaner;

import io.pycd.cleaner.debris.DebrisTopic;
import io.pycd.config.RequiresPython;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.Glob;
import io.pycd.tree.TreeRules;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to clean.
 *
 * @param mode           prune dead caches, or remove all
 * @param targets        the interpreters pycd compiles for: their tags are always kept, their caches header-checked
 * @param keepVersions   explicit versions ({@code 3.11}) or tags to keep whatever requires-python says
 * @param requiresPython the project's {@code requires-python}: versions inferred from virtualenvs outside it are
 *                       not kept
 * @param projectRoot    the project's root, whose {@code .venv}, {@code venv}, {@code .tox/*}, {@code .nox/*} count
 *                       even when clean is pointed at a subfolder (read, never acted on)
 * @param sourceless     also remove sourceless modules ({@code x.pyc} with no {@code x.py})
 * @param includeVenvs   enter virtualenvs (and {@code .tox}, {@code .nox})
 * @param debris         debris topics to remove as well
 * @param erase          extra globs to remove (the caller confirms each planned match)
 * @param rules          exclude globs
 * @param maxDepth       folder levels below each PATH to enter, -1 for all
 * @param threads        removal threads
 */
public record CleanOptions(CleanMode mode, List<Interpreter> targets, List<String> keepVersions,
                           Optional<RequiresPython> requiresPython, Optional<Path> projectRoot, boolean sourceless,
                           boolean includeVenvs, Set<DebrisTopic> debris, List<Glob> erase, TreeRules rules,
                           int maxDepth, int threads) {

    public CleanOptions {
        targets = List.copyOf(targets);
        keepVersions = List.copyOf(keepVersions);
        debris = debris.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(debris));
        erase = List.copyOf(erase);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** Prune mode for these targets, nothing else: no debris, no erase, no excludes, every depth. */
    public static CleanOptions prune(List<Interpreter> targets) {
        return new CleanOptions(CleanMode.PRUNE, targets, List.of(), Optional.empty(), Optional.empty(), false, false,
                Set.of(), List.of(), TreeRules.none(), -1, defaultThreads());
    }

    /** {@code --all}: every cache. */
    public static CleanOptions all() {
        return new CleanOptions(CleanMode.ALL, List.of(), List.of(), Optional.empty(), Optional.empty(), false, false,
                Set.of(), List.of(), TreeRules.none(), -1, defaultThreads());
    }

    /** Removal is bound by system calls, not the CPU: a few threads overlap them even on two cores. */
    public static int defaultThreads() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public CleanOptions withKeepVersions(List<String> versions) {
        return new CleanOptions(mode, targets, versions, requiresPython, projectRoot, sourceless, includeVenvs, debris,
                erase, rules, maxDepth, threads);
    }

    public CleanOptions withRequiresPython(Optional<RequiresPython> spec) {
        return new CleanOptions(mode, targets, keepVersions, spec, projectRoot, sourceless, includeVenvs, debris,
                erase, rules, maxDepth, threads);
    }

    public CleanOptions withProjectRoot(Optional<Path> root) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, root, sourceless, includeVenvs, debris,
                erase, rules, maxDepth, threads);
    }

    public CleanOptions withSourceless(boolean on) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, projectRoot, on, includeVenvs, debris,
                erase, rules, maxDepth, threads);
    }

    public CleanOptions withIncludeVenvs(boolean on) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, projectRoot, sourceless, on, debris,
                erase, rules, maxDepth, threads);
    }

    public CleanOptions withDebris(Set<DebrisTopic> topics) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, projectRoot, sourceless, includeVenvs,
                topics, erase, rules, maxDepth, threads);
    }

    public CleanOptions withErase(List<Glob> globs) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, projectRoot, sourceless, includeVenvs,
                debris, globs, rules, maxDepth, threads);
    }

    public CleanOptions withRules(TreeRules excludes) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, projectRoot, sourceless, includeVenvs,
                debris, erase, excludes, maxDepth, threads);
    }

    public CleanOptions withMaxDepth(int depth) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, projectRoot, sourceless, includeVenvs,
                debris, erase, rules, depth, threads);
    }

    public CleanOptions withThreads(int n) {
        return new CleanOptions(mode, targets, keepVersions, requiresPython, projectRoot, sourceless, includeVenvs,
                debris, erase, rules, maxDepth, n);
    }
}
