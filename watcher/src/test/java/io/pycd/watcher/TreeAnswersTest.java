package io.pycd.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pycd.compile.CompileListener;
import io.pycd.compile.CompileReport;
import io.pycd.compile.CompileResult;
import io.pycd.compile.TreeCompiler;
import io.pycd.status.StatusReport;
import io.pycd.status.StatusScanner;
import io.pycd.testing.Git;
import io.pycd.testing.Processes;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import io.pycd.tree.WalkProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watcher answers compile and status as a walk of the same tree would, or says why it cannot. */
class TreeAnswersTest {

    static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    Path root;
    Caches py;
    Watcher watcher;

    @BeforeEach
    void tree() throws Exception {
        py = Caches.oracle(Files.createDirectories(tmp.toRealPath().resolve("oracle")));
        root = Files.createDirectories(tmp.toRealPath().resolve("tree"));
        Files.writeString(Files.createDirectories(root.resolve("pkg")).resolve("a.py"), "a = 1\n");
        Files.writeString(root.resolve("bad.py"), "def f(:\n");
    }

    void watch() throws Exception {
        watch(WatchSettings.defaults());
    }

    void watch(WatchSettings settings) throws Exception {
        watcher = new Watcher(py.settings(), TreeRules.none(), -1, settings, e -> { });
        watcher.add(List.of(root));
    }

    List<Path> createSourcesInNewFolders() throws Exception {
        List<Path> created = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(root.resolve("new" + d + "/sub"));
            for (int f = 0; f < 5; f++) {
                created.add(Files.writeString(dir.resolve("m" + f + ".py"), "x = " + f + "\n"));
            }
        }
        return created;
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    static long deadline() {
        return System.nanoTime() + AT_MOST.toNanos();
    }

    CompileReport answered() {
        Answer<CompileReport> a = new TreeAnswers(watcher).compile(root, deadline());
        assertThat(a).as("%s", a).isInstanceOf(Answer.Known.class);
        return ((Answer.Known<CompileReport>) a).report();
    }

    CompileReport walked() throws Exception {
        return new TreeCompiler(py.settings(), new SourceWalker(TreeRules.none(), -1), false)
                .compile(List.of(root), CompileListener.NONE);
    }

    @Test
    void aSettledTreeIsReportedAsAWalkReportsIt() throws Exception {
        Path outside = Files.createDirectories(tmp.toRealPath().resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        watch();
        CompileReport answer = answered();
        CompileReport walk = walked();
        assertThat(answer.written()).isEqualTo(walk.written()).isEmpty();
        assertThat(answer.fresh()).isEqualTo(walk.fresh()).isEqualTo(1);
        assertThat(answer.failed()).isEqualTo(walk.failed()).extracting(CompileResult::source)
                .containsExactly(root.resolve("bad.py"));
        assertThat(answer.problems()).isEqualTo(walk.problems()).extracting(WalkProblem::path)
                .containsExactly(root.resolve("link"));
        assertThat(answer.workersStarted()).isZero();
    }

    /** Once a sync returns, the watcher has seen every change made before it (each waits to settle here). */
    @Test
    void aSyncSeesEveryChangeMadeBeforeIt() throws Exception {
        watch(WatchSettings.defaults().withSettle(Duration.ofSeconds(30)));
        List<Path> created = createSourcesInNewFolders();
        assertThat(watcher.rootOf(root).orElseThrow().cookies.sync(deadline())).isInstanceOf(Answer.Known.class);
        assertThat(created).allMatch(watcher::settling);
        assertThat(root.toFile().list()).noneMatch(name -> name.startsWith(SyncCookies.PREFIX));
    }

    /** A cookie left by a process that is gone (killed mid-question) is removed once the root is watched again. */
    @Test
    void cookiesLeftByAProcessThatIsGoneAreRemovedWhenTheRootIsWatched() throws Exception {
        long gone = Long.parseLong(Processes.exec(List.of("sh", "-c", "echo $$")).ok().out().strip());
        Path left = Files.createFile(root.resolve(SyncCookies.PREFIX + gone + "-1"));
        Path live = Files.createFile(root.resolve(SyncCookies.PREFIX + ProcessHandle.current().pid() + "-999999"));
        Path notOne = Files.writeString(root.resolve(SyncCookies.PREFIX + "notes"), "mine\n");
        watch();
        assertThat(left).doesNotExist();
        assertThat(live).as("a running process's question is still being answered").exists();
        assertThat(notOne).hasContent("mine\n");
        assertThat(answered().written()).isEmpty();
    }

    /** Sources created in new folders just before the question are known, compiled and reported as compiled. */
    @Test
    void changesMadeJustBeforeTheQuestionAreInTheAnswer() throws Exception {
        // settling long enough that nothing is compiled before the question is asked
        watch(WatchSettings.defaults().withSettle(Duration.ofSeconds(2)));
        List<Path> changed = createSourcesInNewFolders();
        changed.add(Files.writeString(root.resolve("pkg/a.py"), "a = 'edited'\n"));
        CompileReport answer = answered();
        assertThat(answer.written()).extracting(CompileResult::source).containsExactlyInAnyOrderElementsOf(changed);
        assertThat(answer.fresh()).isZero();
        assertThat(py.problems(changed)).isEmpty();
    }

    @Test
    void cachesRemovedBehindItsBackAreCompiledBeforeItAnswers() throws Exception {
        watch();
        Path a = root.resolve("pkg/a.py");
        Files.delete(py.cacheOf(a));
        CompileReport answer = answered();
        assertThat(answer.written()).extracting(CompileResult::source).containsExactly(a);
        assertThat(answer.failed()).extracting(CompileResult::source).containsExactly(root.resolve("bad.py"));
        assertThat(py.right(a)).isTrue();
        assertThat(walked().fresh()).isEqualTo(1);
    }

    /** The daemon keeps headers it read; a cache replaced after an answer (renamed over, in place) is read again. */
    @Test
    void cachesReplacedBehindItsBackAfterAnAnswerAreJudgedAgain() throws Exception {
        watch();
        Path a = root.resolve("pkg/a.py");
        assertThat(answered().fresh()).isEqualTo(1);
        Path cache = py.cacheOf(a);
        Path replacement = Files.write(cache.resolveSibling("replacement.tmp"), new byte[20]);
        Files.move(replacement, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(answered().written()).extracting(CompileResult::source).containsExactly(a);
        assertThat(py.right(a)).isTrue();
        Files.write(cache, new byte[20]); // the same file, truncated and rewritten: another size and mtime
        assertThat(answered().written()).extracting(CompileResult::source).containsExactly(a);
        assertThat(py.right(a)).isTrue();
        assertThat(answered().fresh()).isEqualTo(1);
    }

    @Test
    void statusFindsStrayCachesAsAWalkDoes() throws Exception {
        watch();
        Files.write(root.resolve("pkg/__pycache__/gone.cpython-312.pyc"), new byte[20]);
        Files.write(root.resolve("pkg/__pycache__/a.cpython-39.pyc"), new byte[20]);
        Files.write(Files.createDirectories(root.resolve("__pycache__")).resolve("bad.cpython-312.pyc"), new byte[3]);
        StatusReport walk = new StatusScanner(py.settings(), new SourceWalker(TreeRules.none(), -1))
                .scan(List.of(root));
        Answer<StatusReport> all = new TreeAnswers(watcher).status(root, true, deadline());
        assertThat(((Answer.Known<StatusReport>) all).report()).isEqualTo(walk);
        StatusReport counted = ((Answer.Known<StatusReport>) new TreeAnswers(watcher).status(root, false, deadline()))
                .report();
        assertThat(counted.counts()).isEqualTo(walk.counts());
        assertThat(counted.entries()).noneMatch(e -> e.state().label().equals("fresh")).hasSize(3);
    }

    @Test
    void aSourceWhoseNameIsNotUtf8IsReportedAsAWalkReportsIt() throws Exception {
        watch();
        assertThat(answered().problems()).isEmpty();
        io.pycd.testing.TestFiles.nonUtf8Source(root.resolve("pkg"));
        await().atMost(AT_MOST).until(() -> new TreeAnswers(watcher).compile(root, deadline())
                instanceof Answer.Known<CompileReport> k && !k.report().problems().isEmpty());
        // status --check fails on it after a walk: an answer that left it out would pass
        assertThat(answered().problems()).isEqualTo(walked().problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("file name is not valid UTF-8; skipped"));
    }

    @Test
    void aNewSymlinkIsOnlyReportedOnceARescanHasWalkedAgain() throws Exception {
        watch();
        assertThat(answered().problems()).isEmpty();
        Files.createSymbolicLink(root.resolve("pkg/link"), Files.createDirectories(tmp.toRealPath().resolve("out")));
        await().atMost(AT_MOST).until(() -> new TreeAnswers(watcher).compile(root, deadline())
                instanceof Answer.Unknown<CompileReport> u && u.why().contains("rescanning"));
        await().atMost(AT_MOST).until(() -> new TreeAnswers(watcher).compile(root, deadline())
                instanceof Answer.Known<CompileReport> k && !k.report().problems().isEmpty());
        assertThat(answered().problems()).isEqualTo(walked().problems());
    }

    @Test
    void whatItCannotVouchForIsNotAnswered() throws Exception {
        assumeTrue(Git.available(), "git is not installed");
        Git.init(root, tmp.toRealPath().resolve("home"));
        Files.createDirectories(root.resolve("env"));
        Files.writeString(root.resolve("env/pyvenv.cfg"), "home = /usr/bin\n");
        watch();
        assertThat(new TreeAnswers(watcher).compile(root.resolve("env"), deadline()))
                .isInstanceOf(Answer.Unknown.class);
        assertThat(new TreeAnswers(watcher).compile(tmp.toRealPath(), deadline())).isInstanceOf(Answer.Unknown.class);
        Files.writeString(root.resolve(".git/index.lock"), "");
        Answer<CompileReport> busy = new TreeAnswers(watcher).compile(root, deadline());
        assertThat(busy).isInstanceOf(Answer.Unknown.class);
        assertThat(((Answer.Unknown<CompileReport>) busy).why()).contains("git is working");
        Files.delete(root.resolve(".git/index.lock"));
        assertThat(answered().fresh()).isEqualTo(1);
    }

    @Test
    void changesStillSettlingAtTheDeadlineAreNotAnswered() throws Exception {
        watch(WatchSettings.defaults().withSettle(Duration.ofSeconds(30)));
        Files.writeString(root.resolve("pkg/a.py"), "a = 'edited'\n");
        Answer<CompileReport> late = new TreeAnswers(watcher).compile(root, System.nanoTime() + 2_000_000_000L);
        assertThat(late).isInstanceOf(Answer.Unknown.class);
        assertThat(((Answer.Unknown<CompileReport>) late).why()).contains("still being compiled at the deadline");
    }
}
