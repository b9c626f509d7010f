package io.pycd.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.testing.Git;
import io.pycd.testing.Processes;
import io.pycd.tree.TreeRules;
import io.pycd.watcher.events.WatchEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real branch switch under a real watcher: git cannot remove a folder that still holds {@code __pycache__}, so once
 * pycd removes the caches of the sources git removed, it removes what git would have: the folders left empty.
 */
class BranchSwitchTest {

    static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    @TempDir
    Path oracleWork;

    @Test
    void aPackageOnlyTheOtherBranchHasIsGoneAfterTheSwitchAsWithoutCaches() throws Exception {
        assumeTrue(Git.available(), "no git");
        Caches py = Caches.oracle(oracleWork);
        Path root = tmp.toRealPath().resolve("repo");
        Git git = Git.init(root, tmp.toRealPath().resolve("home"));
        Path init = git.write("pkg/__init__.py", "");
        git.run("add", "-A");
        git.run("commit", "-q", "-m", "main");
        git.run("checkout", "-q", "-b", "feature");
        List<Path> featureOnly = List.of(git.write("pkg/sub/__init__.py", ""), git.write("pkg/sub/mod.py", "x = 1\n"),
                git.write("pkg/sub/deeper/__init__.py", ""), git.write("pkg/kept/__init__.py", ""));
        git.run("add", "-A");
        git.run("commit", "-q", "-m", "feature");
        Path notes = git.write("pkg/kept/notes.txt", "not tracked: git leaves it, and so must pycd\n");

        Recorder events = new Recorder();
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, WatchSettings.defaults(), events)) {
            w.add(List.of(root));
            assertThat(py.problems(featureOnly)).isEmpty();
            assertThat(importing(py, root, "pkg.sub").exit()).isZero();

            git.run("checkout", "-q", "main");

            await().atMost(AT_MOST).until(() -> !Files.exists(root.resolve("pkg/sub")));
            await().atMost(AT_MOST).until(() -> !Files.exists(root.resolve("pkg/kept/__pycache__")));
            await().atMost(AT_MOST).until(w::idle);
            assertThat(root.resolve("pkg")).isDirectory();
            assertThat(py.right(init)).isTrue();
            assertThat(notes).exists();
            assertThat(events.of(WatchEvent.FolderRemoved.class)).extracting(WatchEvent.FolderRemoved::folder)
                    .contains(root.resolve("pkg/sub"), root.resolve("pkg/sub/deeper"))
                    .doesNotContain(root.resolve("pkg"), root.resolve("pkg/kept"), root);
        }
        Processes.Run imported = importing(py, root, "pkg.sub");
        assertThat(imported.exit()).isNotZero();
        assertThat(imported.err()).contains("ModuleNotFoundError: No module named 'pkg.sub'");
    }

    static Processes.Run importing(Caches py, Path root, String module) {
        return Processes.exec(List.of(py.interpreter.executable().toString(), "-B", "-c", "import " + module), root,
                Map.of(), null);
    }
}
