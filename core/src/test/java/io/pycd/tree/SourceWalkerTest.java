package io.pycd.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pycd.config.ProjectConfig;
import io.pycd.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWalkerTest {

    @TempDir
    Path tmp;

    private static List<String> found(SourceTree tree, Path root) {
        return tree.sources().stream().map(s -> root.relativize(s.path()).toString()).sorted().toList();
    }

    @Test
    void skipsVcsCachesVirtualenvsAndToolFolders() throws IOException {
        Path root = tmp.resolve("t");
        for (String skipped : List.of(".git/hooks/x.py", ".hg/x.py", ".svn/x.py", "__pycache__/x.py",
                "node_modules/pkg/x.py", ".tox/py312/x.py", ".nox/s/x.py", "env/lib/x.py", "sub/.venv2/x.py")) {
            TestFiles.write(root.resolve(skipped), "x = 1\n");
        }
        TestFiles.write(root.resolve("env/pyvenv.cfg"), "home = /usr/bin\n");
        TestFiles.write(root.resolve("sub/.venv2/pyvenv.cfg"), "home = /usr/bin\n");
        TestFiles.write(root.resolve("a.py"), "");
        TestFiles.write(root.resolve("sub/b.py"), "");
        TestFiles.write(root.resolve("sub/notes.txt"), "");
        TestFiles.write(root.resolve("gitlike/.gitkeep.py"), "");
        SourceTree tree = new SourceWalker(TreeRules.none(), -1).walk(List.of(root));
        assertThat(found(tree, root)).containsExactly("a.py", "gitlike/.gitkeep.py", "sub/b.py");
        assertThat(tree.cacheDirs()).containsExactly(root.resolve("__pycache__"));
    }

    @Test
    void aFolderWhoseNameIsNotUtf8IsReportedNotEntered() throws Exception {
        // Java cannot name it, nor could it name its caches
        Path root = tmp.resolve("t");
        TestFiles.write(root.resolve("ok.py"), "");
        TestFiles.nonUtf8Folder(root);

        SourceTree tree = new SourceWalker(TreeRules.none(), -1).walk(List.of(root));
        assertThat(found(tree, root)).containsExactly("ok.py");
        assertThat(tree.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("folder name is not valid UTF-8; skipped");
            assertThat(p.error()).isTrue();
        });
        assertThat(SourceNames.isSkippedFolder(tree.problems().get(0).path().getFileName().toString()))
                .as("nor does the watcher watch it").isTrue();
    }

    @Test
    void excludeGlobsFromTheCommandLineAndFromPyproject() throws Exception {
        Path root = tmp.resolve("t");
        TestFiles.write(root.resolve("pyproject.toml"), "[tool.pycd]\nexclude = [\"build\", \"src/gen/**\"]\n");
        for (String f : List.of("a.py", "build/x.py", "src/build/y.py", "src/gen/deep/z.py", "src/keep.py",
                "src/m_pb2.py", "docs/conf.py")) {
            TestFiles.write(root.resolve(f), "");
        }
        ProjectConfig config = ProjectConfig.find(root);
        List<Glob> globs = new ArrayList<>();
        config.exclude().forEach(g -> globs.add(Glob.compile(g)));
        globs.add(Glob.compile("*_pb2.py"));
        globs.add(Glob.compile("/docs/"));
        SourceTree tree = new SourceWalker(new TreeRules(globs), -1).walk(List.of(root));
        assertThat(found(tree, root)).containsExactly("a.py", "src/keep.py");
    }

    @Test
    void neverFollowsSymlinkedFoldersOutOfTheTreeAndSurvivesLoops() throws IOException {
        Path root = tmp.resolve("t");
        Path outside = tmp.resolve("outside");
        TestFiles.write(outside.resolve("secret.py"), "");
        TestFiles.write(root.resolve("pkg/a.py"), "");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("pkg/loop"), root);
        Files.createSymbolicLink(root.resolve("pkg/self"), Path.of("."));
        Files.createSymbolicLink(root.resolve("linked.py"), root.resolve("pkg/a.py"));
        SourceTree tree = new SourceWalker(TreeRules.none(), -1).walk(List.of(root));
        assertThat(found(tree, root)).containsExactly("linked.py", "pkg/a.py");
        assertThat(tree.problems()).allSatisfy(p -> {
            assertThat(p.error()).isFalse();
            assertThat(p.reason()).contains("symlinked folder");
        });
        assertThat(tree.problems()).hasSize(3);
    }

    @Test
    void maxDepthCountsFolderLevelsBelowTheRoot() throws IOException {
        Path root = tmp.resolve("t");
        for (String f : List.of("a.py", "b/b.py", "b/c/c.py", "b/c/d/d.py")) {
            TestFiles.write(root.resolve(f), "");
        }
        assertThat(found(new SourceWalker(TreeRules.none(), 0).walk(List.of(root)), root)).containsExactly("a.py");
        assertThat(found(new SourceWalker(TreeRules.none(), 1).walk(List.of(root)), root))
                .containsExactly("a.py", "b/b.py");
        assertThat(found(new SourceWalker(TreeRules.none(), -1).walk(List.of(root)), root)).hasSize(4);
    }

    @Test
    void aWalkBelowTheRootCountsDepthAndPathsFromTheRoot() throws IOException {
        Path root = tmp.resolve("t");
        for (String f : List.of("a.py", "b/b.py", "b/c/c.py", "b/c/d/d.py", "b/gen/g.py")) {
            TestFiles.write(root.resolve(f), "x = 1\n");
        }
        SourceWalker walker = new SourceWalker(new TreeRules(List.of(Glob.compile("b/gen"))), 2);
        SourceTree below = walker.walkBelow(root, root.resolve("b"), s -> { });
        assertThat(found(below, root)).as("b/c/d is level 3; b/gen is excluded from the root")
                .containsExactly("b/b.py", "b/c/c.py");
        assertThat(below.sources()).allSatisfy(s -> {
            assertThat(s.root()).isEqualTo(root);
            assertThat(s.relative()).startsWith("b/");
            assertThat(s.fileKey()).isNotNull();
            assertThat(s.modified().toMillis() / 1000).isEqualTo(s.mtime());
        });
    }

    @Test
    void eachSourceKnowsItsPathBelowTheRootItWasFoundUnder() throws IOException {
        Path root = tmp.resolve("t");
        for (String f : List.of("a.py", "p/b.py", "p/q/c.py")) {
            TestFiles.write(root.resolve(f), "x = 1\n");
        }
        Files.createSymbolicLink(root.resolve("p/q/link.py"), root.resolve("a.py"));
        SourceTree tree = new SourceWalker(TreeRules.none(), -1).walk(List.of(root, root.resolve("p/q")));
        assertThat(tree.sources()).extracting(s -> s.root() + " " + s.relative()).containsExactlyInAnyOrder(
                root + " a.py", root + " p/b.py", root + " p/q/c.py", root + " p/q/link.py",
                root.resolve("p/q") + " c.py", root.resolve("p/q") + " link.py");
        assertThat(tree.sources()).allSatisfy(s ->
                assertThat(s.relative()).isEqualTo(TreeRules.relative(s.root(), s.path())));
    }

    @Test
    void aRootThatDoesNotExistThrows() {
        assertThatThrownBy(() -> new SourceWalker(TreeRules.none(), -1).walk(List.of(tmp.resolve("nope"))))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void largestFirst() throws IOException {
        TestFiles.write(tmp.resolve("small.py"), "x = 1\n");
        TestFiles.write(tmp.resolve("big.py"), "x = 1\n".repeat(100));
        assertThat(new SourceWalker(TreeRules.none(), -1).walk(List.of(tmp)).sources().get(0).path())
                .isEqualTo(tmp.resolve("big.py"));
    }

    @Test
    void editorsFilesAreNoSourcesButOtherDanglingLinksAreReported() throws IOException {
        Path root = tmp.resolve("t");
        TestFiles.write(root.resolve("a.py"), "");
        Files.createSymbolicLink(root.resolve(".#a.py"), Path.of("someone@host.4242:1700000000"));
        Files.createSymbolicLink(root.resolve("gone.py"), root.resolve("nowhere.py"));
        TestFiles.write(root.resolve("b.py~"), "");
        TestFiles.write(root.resolve(".b.py.swp"), "");
        SourceTree tree = new SourceWalker(TreeRules.none(), -1).walk(List.of(root));
        assertThat(found(tree, root)).containsExactly("a.py");
        assertThat(tree.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(root.resolve("gone.py"));
            assertThat(p.reason()).isEqualTo("dangling symlink");
        });
        assertThat(SourceNames.isSource(".#a.py")).isFalse();
        assertThat(SourceNames.isSource("a.py")).isTrue();
        assertThat(SourceNames.isSource(".py")).isFalse();
        assertThat(SourceNames.isSource("caf\uFFFD.py")).isFalse();
    }
}
