package io.pycd.cleaner;

import static io.pycd.testing.TestFiles.listing;
import static io.pycd.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pycd.cleaner.debris.DebrisTopic;
import io.pycd.config.RequiresPython;
import io.pycd.interpreter.InUse;
import io.pycd.interpreter.Interpreter;
import io.pycd.testing.Py;
import io.pycd.testing.ReadOnly;
import io.pycd.tree.Glob;
import io.pycd.tree.TreeRules;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clean engine on trees whose caches real interpreters wrote, each outcome checked on disk. */
class CleanerTest {

    @TempDir
    Path tmp;

    Path tree;
    Interpreter py312;
    Interpreter py38;

    @BeforeEach
    void setUp() throws Exception {
        py312 = Py.get("3.12");
        py38 = Py.get("3.8");
        tree = Files.createDirectories(tmp.resolve("proj"));
    }

    private Path pyc(String dir, String stem, String tag) {
        return tree.resolve(dir).resolve("__pycache__").resolve(stem + "." + tag + ".pyc");
    }

    /**
     * pkg/fresh.py (3.12 at opt 0, 1, 2: fresh), pkg/stale.py (changed after compiling), pkg/gone.py (deleted),
     * every module also compiled by 3.8 (wrong version), a temp file, a foreign file in a __pycache__.
     */
    private void buildMixedTree() throws Exception {
        write(tree.resolve("pkg/fresh.py"), "x = 1\n");
        write(tree.resolve("pkg/stale.py"), "y = 2\n");
        write(tree.resolve("pkg/gone.py"), "z = 3\n");
        write(tree.resolve("pkg/ünï cödé.py"), "w = 4\n");
        compileall(py312, "-o", "0", "-o", "1", "-o", "2", tree.toString());
        compileall(py38, tree.toString());
        Files.delete(tree.resolve("pkg/gone.py"));
        write(tree.resolve("pkg/stale.py"), "y = 2222\n");
        write(tree.resolve("pkg/__pycache__/fresh.cpython-312.pyc.4711"), "partial");
    }

    @Test
    void defaultModeRemovesEachDeadKindWithItsReasonAndKeepsFreshCachesAtEveryLevel() throws Exception {
        buildMixedTree();
        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))).run(List.of(tree), false);

        Map<Path, String> reasons = result.removed().stream()
                .collect(Collectors.toMap(Removal::path, r -> r.reason().label()));
        assertThat(reasons).containsEntry(pyc("pkg", "stale", "cpython-312"), "stale")
                .containsEntry(pyc("pkg", "gone", "cpython-312"), "orphan")
                .containsEntry(pyc("pkg", "gone", "cpython-312.opt-2"), "orphan")
                .containsEntry(pyc("pkg", "gone", "cpython-38"), "orphan")
                .containsEntry(pyc("pkg", "fresh", "cpython-38"), "wrong-version")
                .containsEntry(tree.resolve("pkg/__pycache__/fresh.cpython-312.pyc.4711"), "temp");
        for (String level : List.of("cpython-312", "cpython-312.opt-1", "cpython-312.opt-2")) {
            assertThat(pyc("pkg", "fresh", level)).exists();
            assertThat(pyc("pkg", "ünï cödé", level)).exists();
            assertThat(pyc("pkg", "stale", level)).doesNotExist();
            assertThat(pyc("pkg", "gone", level)).doesNotExist();
        }
        assertThat(pyc("pkg", "fresh", "cpython-38")).doesNotExist();
        assertThat(pyc("pkg", "ünï cödé", "cpython-38")).doesNotExist();
        assertThat(tree.resolve("pkg/__pycache__/fresh.cpython-312.pyc.4711")).doesNotExist();
        assertThat(result.kept()).isEqualTo(6);
        assertThat(result.errors()).isEmpty();
        assertThat(result.bytesFreed()).isPositive();
    }

    @Test
    void dryRunListsExactlyWhatTheRealRunRemoves() throws Exception {
        buildMixedTree();
        write(tree.resolve("legacy.py"), "a = 1\n");
        compileall(py312, "-b", tree.resolve("legacy.py").toString());
        Files.createDirectories(tree.resolve("empty/__pycache__"));
        Cleaner cleaner = new Cleaner(CleanOptions.prune(List.of(py312))
                .withDebris(Set.of(DebrisTopic.PYTEST)));
        write(tree.resolve(".pytest_cache/v/cache/nodeids"), "[]");
        List<String> before = listing(tree);

        CleanResult dry = cleaner.run(List.of(tree), true);
        assertThat(listing(tree)).as("a dry run changes nothing").isEqualTo(before);
        CleanResult real = cleaner.run(List.of(tree), false);

        assertThat(real.removed()).extracting(Removal::path, Removal::reason)
                .containsExactlyElementsOf(dry.removed().stream().map(r -> tuple(r.path(), r.reason())).toList());
        assertThat(real.removed()).extracting(Removal::path).allSatisfy(p -> assertThat(exists(p)).isFalse());
        assertThat(real.removed()).extracting(Removal::reason).contains(Reason.LEGACY, Reason.EMPTY_DIR,
                Reason.DEBRIS, Reason.STALE, Reason.ORPHAN, Reason.WRONG_VERSION, Reason.TEMP);
        assertThat(real.bytesFreed()).isEqualTo(dry.bytesFreed());
        // Everything listed went; nothing else did.
        List<String> after = listing(tree);
        List<String> expected = before.stream().filter(p -> real.removed().stream()
                .noneMatch(r -> tree.resolve(p).startsWith(r.path()))).toList();
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void foreignFilesStayAndKeepTheirFolder() throws Exception {
        write(tree.resolve("pkg/gone.py"), "x = 1\n");
        compileall(py312, tree.toString());
        Files.delete(tree.resolve("pkg/gone.py"));
        write(tree.resolve("pkg/__pycache__/NOTES.txt"), "mine");
        Files.createDirectories(tree.resolve("pkg/__pycache__/sub"));

        for (CleanOptions options : List.of(CleanOptions.prune(List.of(py312)), CleanOptions.all())) {
            CleanResult result = new Cleaner(options).run(List.of(tree), false);
            assertThat(result.removed()).extracting(Removal::reason).doesNotContain(Reason.EMPTY_DIR);
        }
        assertThat(tree.resolve("pkg/__pycache__/NOTES.txt")).hasContent("mine");
        assertThat(tree.resolve("pkg/__pycache__/sub")).isDirectory();
        assertThat(pyc("pkg", "gone", "cpython-312")).doesNotExist();
    }

    @Test
    void emptiedPycacheFoldersGoAfterTheirFiles() throws Exception {
        write(tree.resolve("a/gone.py"), "x = 1\n");
        compileall(py312, tree.toString());
        Files.delete(tree.resolve("a/gone.py"));
        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))).run(List.of(tree), false);
        assertThat(result.removed()).extracting(r -> r.reason().label())
                .containsExactly("orphan", "empty-dir");
        assertThat(tree.resolve("a/__pycache__")).doesNotExist();
        assertThat(tree.resolve("a")).isDirectory();
        assertThat(result.foldersRemoved()).isEqualTo(1);
    }

    @Test
    void sourcelessModulesStayUnlessAsked() throws Exception {
        write(tree.resolve("lib/only.py"), "x = 1\n");
        write(tree.resolve("lib/both.py"), "y = 1\n");
        compileall(py312, "-b", tree.toString());
        Files.delete(tree.resolve("lib/only.py"));
        write(tree.resolve("lib/jy$py.class"), "jython");

        for (CleanOptions options : List.of(CleanOptions.prune(List.of(py312)), CleanOptions.all())) {
            CleanResult result = new Cleaner(options).run(List.of(tree), false);
            assertThat(result.keptSourceless()).contains(tree.resolve("lib/only.pyc"));
            assertThat(tree.resolve("lib/only.pyc")).exists();
        }
        assertThat(tree.resolve("lib/both.pyc")).doesNotExist();
        assertThat(tree.resolve("lib/jy$py.class")).exists();

        CleanResult asked = new Cleaner(CleanOptions.all().withSourceless(true)).run(List.of(tree), false);
        assertThat(asked.removed()).extracting(Removal::path)
                .contains(tree.resolve("lib/only.pyc"), tree.resolve("lib/jy$py.class"));
        assertThat(tree.resolve("lib/only.pyc")).doesNotExist();
    }

    @Test
    void allModeRemovesEveryCacheAndNothingElse() throws Exception {
        buildMixedTree();
        write(tree.resolve("j/mod.py"), "x = 1\n");
        write(tree.resolve("j/mod$py.class"), "jython");
        write(tree.resolve("j/__pycache__/README"), "keep me");
        List<String> before = listing(tree);
        CleanResult result = new Cleaner(CleanOptions.all()).run(List.of(tree), false);
        assertThat(result.errors()).isEmpty();
        List<String> after = listing(tree);
        assertThat(after).noneMatch(p -> p.endsWith(".pyc") || p.endsWith(".4711") || p.endsWith("$py.class"));
        assertThat(after).containsAll(before.stream().filter(p -> p.endsWith(".py") || p.endsWith("README")).toList());
        assertThat(tree.resolve("pkg/__pycache__")).doesNotExist();
        assertThat(tree.resolve("j/__pycache__/README")).exists();
        assertThat(result.removed()).extracting(Removal::reason).containsOnly(Reason.ALL, Reason.EMPTY_DIR);
    }

    @Test
    void symlinksAreNeverFollowedAndAlwaysReported() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        write(other.resolve("gone.py"), "x = 1\n");
        compileall(py312, other.toString());
        compileall(py38, other.toString());
        Files.delete(other.resolve("gone.py"));
        List<String> otherBefore = listing(other);

        write(tree.resolve("pkg/mod.py"), "x = 1\n");
        compileall(py38, tree.toString());
        Files.createSymbolicLink(tree.resolve("pkg/linked"), other);
        Files.createSymbolicLink(tree.resolve("linked-cache"), other.resolve("__pycache__"));
        Files.createSymbolicLink(tree.resolve("pkg/__pycache__/x.cpython-38.pyc"),
                other.resolve("__pycache__/gone.cpython-38.pyc"));
        Files.createSymbolicLink(tree.resolve("loop"), tree.resolve("loop"));
        Files.createSymbolicLink(tree.resolve("up"), tree);

        for (CleanOptions options : List.of(CleanOptions.prune(List.of(py312)), CleanOptions.all().withSourceless(true))) {
            CleanResult result = new Cleaner(options).run(List.of(tree), false);
            assertThat(result.skipped()).extracting(Skipped::path).contains(tree.resolve("pkg/linked"),
                    tree.resolve("linked-cache"), tree.resolve("loop"), tree.resolve("up"),
                    tree.resolve("pkg/__pycache__/x.cpython-38.pyc"));
            assertThat(result.skipped()).filteredOn(s -> s.path().equals(tree.resolve("loop")))
                    .extracting(Skipped::reason).containsExactly("symlink loop, not followed");
            assertThat(result.errors()).isEmpty();
        }
        assertThat(listing(other)).isEqualTo(otherBefore);
        assertThat(Files.isSymbolicLink(tree.resolve("pkg/__pycache__/x.cpython-38.pyc"))).isTrue();
        assertThat(tree.resolve("pkg/__pycache__")).isDirectory();
    }

    @Test
    void vcsFoldersAndVirtualenvsAreNotEnteredButVirtualenvVersionsAreKept() throws Exception {
        Interpreter py311 = Py.get("3.11");
        write(tree.resolve("src/mod.py"), "x = 1\n");
        compileall(py312, tree.resolve("src").toString());
        compileall(py311, tree.resolve("src").toString());
        compileall(py38, tree.resolve("src").toString());
        write(tree.resolve(".git/hooks/h.py"), "x = 1\n");
        compileall(py38, tree.resolve(".git").toString());
        Files.delete(tree.resolve(".git/hooks/h.py"));
        write(tree.resolve("env/pyvenv.cfg"), "home = /usr/bin\nversion = 3.11.7\n");
        write(tree.resolve("env/lib/gone.py"), "x = 1\n");
        compileall(py38, tree.resolve("env").toString());
        Files.delete(tree.resolve("env/lib/gone.py"));

        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))).run(List.of(tree), false);
        assertThat(pyc("src", "mod", "cpython-311")).as("the virtualenv's version is kept").exists();
        assertThat(pyc("src", "mod", "cpython-312")).exists();
        assertThat(pyc("src", "mod", "cpython-38")).doesNotExist();
        assertThat(pyc(".git/hooks", "h", "cpython-38")).exists();
        assertThat(pyc("env/lib", "gone", "cpython-38")).exists();
        assertThat(result.skipped()).extracting(Skipped::path).contains(tree.resolve("env"));
        assertThat(result.keepSet().uses()).containsKeys("cpython-312", "cpython-311");

        new Cleaner(CleanOptions.prune(List.of(py312)).withIncludeVenvs(true)).run(List.of(tree), false);
        assertThat(pyc("env/lib", "gone", "cpython-38")).doesNotExist();
        assertThat(pyc(".git/hooks", "h", "cpython-38")).exists();
    }

    @Test
    void requiresPythonRulesOutInferredVersionsButNotExplicitOnes() throws Exception {
        Interpreter py311 = Py.get("3.11");
        write(tree.resolve("src/mod.py"), "x = 1\n");
        compileall(py311, tree.resolve("src").toString());
        compileall(py38, tree.resolve("src").toString());
        write(tree.resolve(".venv/pyvenv.cfg"), "version = 3.11.7\n");
        write(tree.resolve(".tox/py38/pyvenv.cfg"), "version_info = 3.8.18.final.0\n");
        Optional<RequiresPython> requires = Optional.of(RequiresPython.parse(">=3.9"));

        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312)).withInUse(InUse.targets(List.of(py312), requires)))
                .run(List.of(tree), true);
        assertThat(result.keepSet().uses()).containsKeys("cpython-311").doesNotContainKey("cpython-38");
        assertThat(result.keepSet().refused()).containsKey("cpython-38");
        assertThat(result.removed()).extracting(Removal::path).containsExactly(pyc("src", "mod", "cpython-38"));

        CleanResult explicit = new Cleaner(CleanOptions.prune(List.of(py312)).withInUse(InUse.targets(List.of(py312), requires)
                .plus(InUse.Reason.KEEP_VERSION, "cpython-38", "3.8", "--keep-version"))).run(List.of(tree), false);
        assertThat(explicit.removed()).isEmpty();
        assertThat(pyc("src", "mod", "cpython-38")).exists();
    }

    @Test
    void keptVersionsThatAreNotTargetsStillLoseStaleCaches() throws Exception {
        write(tree.resolve("m/a.py"), "x = 1\n");
        write(tree.resolve("m/b.py"), "x = 1\n");
        compileall(py38, tree.toString());
        write(tree.resolve("m/b.py"), "x = 12345\n");
        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))
                .withInUse(InUse.targets(List.of(py312), Optional.empty())
                        .plus(InUse.Reason.KEEP_VERSION, "cpython-38", "3.8", "--keep-version")))
                .run(List.of(tree), false);
        assertThat(result.removed()).extracting(Removal::path, Removal::reason)
                .containsExactly(tuple(pyc("m", "b", "cpython-38"), Reason.STALE));
        assertThat(pyc("m", "a", "cpython-38")).exists();
    }

    @Test
    void hashBasedCachesAreJudgedByTheirOwnMode() throws Exception {
        write(tree.resolve("h/good.py"), "x = 1\n");
        write(tree.resolve("h/bad.py"), "x = 1\n");
        compileall(py312, "--invalidation-mode", "checked-hash", tree.toString());
        write(tree.resolve("h/bad.py"), "x = 2\n");
        Files.setLastModifiedTime(tree.resolve("h/bad.py"), FileTime.fromMillis(0));
        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))).run(List.of(tree), false);
        assertThat(result.removed()).extracting(Removal::path, Removal::reason)
                .containsExactly(tuple(pyc("h", "bad", "cpython-312"), Reason.STALE));
        assertThat(pyc("h", "good", "cpython-312")).exists();
    }

    @Test
    void debrisTopicsWithoutPycleansFlaws() throws Exception {
        write(tree.resolve("pyproject.toml"), "[project]\nname = 'x'\n");
        write(tree.resolve("dist/x-1.tar.gz"), "tgz");
        write(tree.resolve("build/lib/x.py"), "x = 1\n");
        write(tree.resolve("docs/build/index.html"), "not python's build");
        write(tree.resolve(".tox/py312/pyvenv.cfg"), "version = 3.12.1\n");
        write(tree.resolve(".tox/py312/lib/x.py"), "x = 1\n");
        Files.createSymbolicLink(tree.resolve(".tox/py312/python"), Path.of("/usr/bin/env"));
        write(tree.resolve("x.egg-info/PKG-INFO"), "meta");
        write(tree.resolve(".coverage"), "cov");
        write(tree.resolve("sub/.pytest_cache/README.md"), "cache");

        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))
                .withDebris(Set.of(DebrisTopic.values()))).run(List.of(tree), false);
        assertThat(result.errors()).isEmpty();
        assertThat(tree.resolve(".tox")).doesNotExist();
        assertThat(tree.resolve("dist")).doesNotExist();
        assertThat(tree.resolve("build")).doesNotExist();
        assertThat(tree.resolve("x.egg-info")).doesNotExist();
        assertThat(tree.resolve(".coverage")).doesNotExist();
        assertThat(tree.resolve("sub/.pytest_cache")).doesNotExist();
        assertThat(tree.resolve("docs/build/index.html")).exists();
        assertThat(Path.of("/usr/bin/env")).exists();
        assertThat(result.removed()).extracting(Removal::reason).containsOnly(Reason.DEBRIS);
    }

    @Test
    void eraseAndExcludeGlobs() throws Exception {
        write(tree.resolve("a/notes.bak"), "x");
        write(tree.resolve("keep/gone.py"), "x = 1\n");
        write(tree.resolve("a/gone.py"), "x = 1\n");
        compileall(py312, tree.toString());
        Files.delete(tree.resolve("keep/gone.py"));
        Files.delete(tree.resolve("a/gone.py"));
        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))
                .withErase(List.of(Glob.compile("*.bak")))
                .withRules(new TreeRules(List.of(Glob.compile("keep"))))).run(List.of(tree), false);
        assertThat(tree.resolve("a/notes.bak")).doesNotExist();
        assertThat(pyc("keep", "gone", "cpython-312")).exists();
        assertThat(pyc("a", "gone", "cpython-312")).doesNotExist();
        assertThat(result.removed()).extracting(Removal::reason).contains(Reason.ERASE);
    }

    @Test
    void aFileChangedAfterPlanningIsLeftAlone() throws Exception {
        write(tree.resolve("r/mod.py"), "x = 1\n");
        compileall(py312, tree.toString());
        write(tree.resolve("r/mod.py"), "x = 1000\n");
        Cleaner cleaner = new Cleaner(CleanOptions.prune(List.of(py312)));
        CleanPlan plan = cleaner.plan(List.of(tree));
        assertThat(plan.removals()).extracting(Removal::reason).containsExactly(Reason.STALE, Reason.EMPTY_DIR);
        compileall(py312, "-f", tree.toString()); // a concurrent compile makes it fresh again

        CleanResult result = cleaner.execute(plan);
        assertThat(result.removed()).isEmpty();
        assertThat(result.skipped()).extracting(Skipped::reason).contains("changed since planned: left alone");
        assertThat(pyc("r", "mod", "cpython-312")).exists();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void aFileThatCannotBeRemovedIsReportedAndTheRunGoesOn() throws Exception {
        orphans("ro/gone.py", "rw/gone.py");
        Path locked = tree.resolve("ro/__pycache__");
        ReadOnly.lock(locked);
        try {
            CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))).run(List.of(tree), false);
            assertThat(result.errors()).extracting(CleanError::path).containsExactly(pyc("ro", "gone", "cpython-312"));
            assertThat(result.errors().get(0).message()).startsWith("cannot remove:");
            assertThat(pyc("ro", "gone", "cpython-312")).exists();
            assertThat(pyc("rw", "gone", "cpython-312")).doesNotExist();
            assertThat(tree.resolve("rw/__pycache__")).doesNotExist();
            assertThat(result.removed()).extracting(Removal::path).doesNotContain(locked);
        } finally {
            ReadOnly.unlock(locked);
        }
    }

    @Test
    void aDryRunForeseesTheFailuresOfAFolderThatCannotBeWrittenAndTheRealRunAgrees() throws Exception {
        orphans("ro/gone.py", "ro/other.py", "rw/gone.py");
        Path locked = tree.resolve("ro/__pycache__");
        Cleaner cleaner = new Cleaner(CleanOptions.prune(List.of(py312)));
        ReadOnly.lock(locked);
        try {
            List<String> before = listing(tree);
            CleanResult dry = cleaner.run(List.of(tree), true);
            assertThat(listing(tree)).as("a dry run changes nothing").isEqualTo(before);
            assertThat(dry.errors()).extracting(CleanError::path)
                    .containsExactly(pyc("ro", "gone", "cpython-312"), pyc("ro", "other", "cpython-312"));
            assertThat(dry.errors()).allSatisfy(e -> assertThat(e.message()).startsWith("cannot remove: "));
            assertThat(dry.removed()).extracting(Removal::path).doesNotContain(locked, pyc("ro", "gone", "cpython-312"))
                    .contains(pyc("rw", "gone", "cpython-312"), tree.resolve("rw/__pycache__"));

            CleanResult real = cleaner.run(List.of(tree), false);
            assertThat(real.errors()).isEqualTo(dry.errors());
            assertThat(real.removed()).isEqualTo(dry.removed());
            assertThat(pyc("ro", "gone", "cpython-312")).exists();
        } finally {
            ReadOnly.unlock(locked);
        }
    }

    /** Compiles these sources of the tree, then deletes them: their caches are orphans. */
    private void orphans(String... sources) throws Exception {
        for (String source : sources) {
            write(tree.resolve(source), "x = 1\n");
        }
        compileall(py312, tree.toString());
        for (String source : sources) {
            Files.delete(tree.resolve(source));
        }
    }

    @Test
    void nestedAndRepeatedRootsArePlannedOnce() throws Exception {
        write(tree.resolve("a/b/gone.py"), "x = 1\n");
        compileall(py312, tree.toString());
        Files.delete(tree.resolve("a/b/gone.py"));
        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312)))
                .run(List.of(tree.resolve("a/b"), tree, tree.resolve("a")), false);
        assertThat(result.removed()).hasSize(2);
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void aRealVirtualenvIsLeftAloneAndItsVersionKept() throws Exception {
        Interpreter py311 = Py.get("3.11");
        Py.run(py311, List.of("-m", "venv", "--without-pip", tree.resolve("venv").toString())).ok();
        write(tree.resolve("venv/lib/python3.11/site-packages/dep.py"), "x = 1\n");
        compileall(py38, tree.resolve("venv").toString());
        write(tree.resolve("app/main.py"), "x = 1\n");
        compileall(py311, tree.resolve("app").toString());
        List<String> venvBefore = listing(tree.resolve("venv"));

        CleanResult result = new Cleaner(CleanOptions.prune(List.of(py312))).run(List.of(tree), false);
        assertThat(listing(tree.resolve("venv"))).isEqualTo(venvBefore);
        assertThat(pyc("app", "main", "cpython-311")).exists();
        assertThat(result.keepSet().uses()).containsKey("cpython-311");
        assertThat(result.skipped()).extracting(Skipped::path).contains(tree.resolve("venv"));
    }

    /** {@code python -m compileall -q ARGS}, failing the test when it fails. */
    private static void compileall(Interpreter python, String... args) {
        List<String> cmd = new ArrayList<>(List.of("-I", "-m", "compileall", "-q"));
        cmd.addAll(List.of(args));
        Py.run(python, cmd).ok();
    }

    private static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
