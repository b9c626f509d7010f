package io.pycd.cleaner;

import io.pycd.cleaner.debris.DebrisTopic;
import io.pycd.interpreter.InUse;
import io.pycd.interpreter.Interpreter;
import io.pycd.tree.Glob;
import io.pycd.tree.TreeRules;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to clean.
 *
 * @param mode           prune dead caches, or remove all
 * @param targets        the interpreters pycd compiles for: their caches are header-checked with their magic
 * @param inUse          the versions in use here (core's rule, with the targets among them): their fresh caches are
 *                       kept; the virtualenvs the walk finds in the tree are added to it
 * @param sourceless     also remove sourceless modules ({@code x.pyc} with no {@code x.py})
 * @param includeVenvs   enter virtualenvs (and {@code .tox}, {@code .nox})
 * @param debris         debris topics to remove as well
 * @param erase          extra globs to remove (the caller confirms each planned match)
 * @param rules          exclude globs
 * @param maxDepth       folder levels below each PATH to enter, -1 for all
 * @param threads        removal threads
 */
public record CleanOptions(CleanMode mode, List<Interpreter> targets, InUse inUse, boolean sourceless,
                           boolean includeVenvs, Set<DebrisTopic> debris, List<Glob> erase, TreeRules rules,
                           int maxDepth, int threads) {

    public CleanOptions {
        targets = List.copyOf(targets);
        debris = debris.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(debris));
        erase = List.copyOf(erase);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /**
     * Prune mode for these targets, nothing else in use but the virtualenvs in the tree: no debris, no erase, no
     * excludes, every depth.
     */
    public static CleanOptions prune(List<Interpreter> targets) {
        return new CleanOptions(CleanMode.PRUNE, targets, InUse.targets(targets, Optional.empty()), false, false,
                Set.of(), List.of(), TreeRules.none(), -1, defaultThreads());
    }

    /** {@code --all}: every cache. */
    public static CleanOptions all() {
        return new CleanOptions(CleanMode.ALL, List.of(), InUse.none(), false, false, Set.of(), List.of(),
                TreeRules.none(), -1, defaultThreads());
    }

    /** Removal is bound by system calls, not the CPU: a few threads overlap them even on two cores. */
    public static int defaultThreads() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public CleanOptions withInUse(InUse versions) {
        return new CleanOptions(mode, targets, versions, sourceless, includeVenvs, debris, erase, rules, maxDepth,
                threads);
    }

    public CleanOptions withSourceless(boolean on) {
        return new CleanOptions(mode, targets, inUse, on, includeVenvs, debris,
                erase, rules, maxDepth, threads);
    }

    public CleanOptions withIncludeVenvs(boolean on) {
        return new CleanOptions(mode, targets, inUse, sourceless, on, debris,
                erase, rules, maxDepth, threads);
    }

    public CleanOptions withDebris(Set<DebrisTopic> topics) {
        return new CleanOptions(mode, targets, inUse, sourceless, includeVenvs,
                topics, erase, rules, maxDepth, threads);
    }

    public CleanOptions withErase(List<Glob> globs) {
        return new CleanOptions(mode, targets, inUse, sourceless, includeVenvs,
                debris, globs, rules, maxDepth, threads);
    }

    public CleanOptions withRules(TreeRules excludes) {
        return new CleanOptions(mode, targets, inUse, sourceless, includeVenvs,
                debris, erase, excludes, maxDepth, threads);
    }

    public CleanOptions withMaxDepth(int depth) {
        return new CleanOptions(mode, targets, inUse, sourceless, includeVenvs,
                debris, erase, rules, depth, threads);
    }

    public CleanOptions withThreads(int n) {
        return new CleanOptions(mode, targets, inUse, sourceless, includeVenvs,
                debris, erase, rules, maxDepth, n);
    }
}
