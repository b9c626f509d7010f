package io.pycd.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.git.GitEnvironment;
import io.pycd.testing.Git;
import io.pycd.tree.TreeRules;
import io.pycd.watcher.events.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --respect-gitignore} ignores exactly what {@code git check-ignore} does: each case builds a real repository,
 * asks git which folders it ignores, and runs a real watcher on it; a folder git ignores is neither watched nor
 * compiled, every other one is. The cases are those where a second ignore engine disagreed with git.
 */
class WatchGitIgnoreTest {

    static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @BeforeAll
    static void needGit() {
        assumeTrue(Git.available(), "git is not installed");
    }

    private Git repo() throws Exception {
        return Git.init(tmp.toRealPath().resolve("repo"), tmp.toRealPath().resolve("home"));
    }

    /**
     * Writes {@code F/m.py} in each folder, asks git which of them it ignores (expecting {@code ignored} exactly),
     * then watches {@code g}'s tree: the ignored ones get no cache, at start-up or when a source is added later.
     */
    private void watchIgnoresWhatGitIgnores(Git g, List<String> folders, Set<String> ignored) throws Exception {
        Path root = g.dir();
        List<String> probes = new ArrayList<>();
        for (String f : folders) {
            Files.createDirectories(root.resolve(f));
            Files.writeString(root.resolve(f).resolve("m.py"), "m = 1\n");
            probes.add(f + "/m.py");
        }
        Map<String, String> gitSays = g.checkIgnore(probes);
        assertThat(gitSays.keySet()).as("what git check-ignore says")
                .containsExactlyInAnyOrderElementsOf(ignored.stream().map(f -> f + "/m.py").toList());

        Caches py = Caches.oracle(Files.createDirectories(tmp.toRealPath().resolve("oracle")));
        WatchSettings ws = WatchSettings.defaults().withRespectGitignore(true)
                .withGit(GitEnvironment.from(g.env(), null));
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, ws, new Recorder())) {
            WatchEvent.Ready ready = w.add(List.of(root));
            assertThat(ready.files()).isEqualTo(folders.size() - ignored.size());
            for (String f : folders) {
                Path source = root.resolve(f).resolve("m.py");
                assertThat(Files.exists(py.cacheOf(source))).as(f + " compiled at start-up")
                        .isEqualTo(!ignored.contains(f));
            }
            List<Path> later = new ArrayList<>();
            for (String f : folders) {
                later.add(Files.writeString(root.resolve(f).resolve("later.py"), "l = 1\n"));
            }
            for (Path p : later) {
                if (!ignored.contains(root.relativize(p.getParent()).toString())) {
                    await().atMost(AT_MOST).until(() -> py.right(p));
                }
            }
            for (String f : ignored) {
                assertThat(root.resolve(f).resolve("__pycache__")).as(f + " is ignored by git").doesNotExist();
            }
        }
    }

    @Test
    void aGitignoreStartingWithAByteOrderMark() throws Exception {
        Git g = repo();
        g.write(".gitignore", "\uFEFFbuild/\n".getBytes(StandardCharsets.UTF_8));
        watchIgnoresWhatGitIgnores(g, List.of("build", "src"), Set.of("build"));
    }

    @Test
    void aLiteralPrefixBeforeTwoStars() throws Exception {
        Git g = repo();
        g.write(".gitignore", "foo**/bar\n");
        watchIgnoresWhatGitIgnores(g, List.of("foobar", "foo/x/bar", "src"), Set.of("foobar", "foo/x/bar"));
    }

    @Test
    void infoExcludeOfALinkedWorktreeComesFromTheCommonFolder() throws Exception {
        Git main = repo();
        main.write("top.py", "t = 1\n");
        main.run("add", ".");
        main.run("commit", "-qm", "init");
        Path wt = tmp.toRealPath().resolve("wt");
        main.run("worktree", "add", "-q", wt.toString());
        Files.writeString(main.dir().resolve(".git/info/exclude"), "scratch/\n");
        Files.delete(wt.resolve("top.py"));
        watchIgnoresWhatGitIgnores(main.at(wt), List.of("scratch", "src"), Set.of("scratch"));
    }

    @Test
    void coreExcludesFileSetInTheXdgConfiguration() throws Exception {
        Git g = repo();
        Path excludes = Files.writeString(tmp.resolve("xdg-excludes"), "gen/\n");
        Path config = g.home().resolve(".config/git/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[core]\n\texcludesFile = " + excludes + "\n");
        watchIgnoresWhatGitIgnores(g, List.of("gen", "src"), Set.of("gen"));
    }

    @Test
    void coreExcludesFileSetThroughGitConfigGlobal() throws Exception {
        Path excludes = Files.writeString(tmp.resolve("global-excludes"), "out/\n");
        Path config = Files.writeString(tmp.resolve("global.cfg"), "[core]\n\texcludesFile = " + excludes + "\n");
        Git g = repo().withEnv(Map.of("GIT_CONFIG_GLOBAL", config.toString()));
        watchIgnoresWhatGitIgnores(g, List.of("out", "src"), Set.of("out"));
    }
}
