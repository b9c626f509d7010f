package io.pycd.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pycd.testing.Git;
import io.pycd.testing.ReadOnly;
import io.pycd.tree.TreeRules;
import io.pycd.watcher.events.WatchEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up reconcile, git's index lock, .gitignore, and folders that cannot be watched. */
class WatcherRulesTest {

    static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    @TempDir
    Path oracleWork;

    @Test
    void startUpCompilesWhatIsStaleAndRemovesOrphans() throws Exception {
        Caches py = Caches.oracle(oracleWork);
        Path root = tmp.toRealPath();
        Path kept = Files.writeString(root.resolve("kept.py"), "k = 1\n");
        Path pycache = Files.createDirectories(root.resolve("__pycache__"));
        Path orphan = Files.writeString(pycache.resolve("gone." + py.interpreter.cacheTag() + ".pyc"), "junk");
        Path stale = Files.writeString(py.cacheOf(kept), "not a pyc");
        Recorder events = new Recorder();
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, WatchSettings.defaults(),
                events)) {
            WatchEvent.Ready ready = w.add(List.of(root));
            assertThat(ready.files()).isEqualTo(1);
            assertThat(orphan).doesNotExist();
            assertThat(py.right(kept)).isTrue();
            assertThat(stale).exists();
            assertThat(events.of(WatchEvent.Removed.class)).extracting(WatchEvent.Removed::cache).contains(orphan);
        }
    }

    @Test
    void anOrphanTheStartUpReconcileCannotRemoveIsAnErrorNamingIt() throws Exception {
        Caches py = Caches.oracle(oracleWork);
        Path root = tmp.toRealPath();
        Files.writeString(root.resolve("kept.py"), "k = 1\n");
        Path pycache = Files.createDirectories(root.resolve("__pycache__"));
        Path orphan = Files.writeString(pycache.resolve("gone." + py.interpreter.cacheTag() + ".pyc"), "junk");
        Recorder events = new Recorder();
        ReadOnly.lock(pycache);
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, WatchSettings.defaults(), events)) {
            w.add(List.of(root));
            assertThat(orphan).exists();
            assertThat(events.of(WatchEvent.NotRemoved.class)).singleElement().satisfies(n -> {
                assertThat(n.path()).isEqualTo(orphan);
                assertThat(n.why()).startsWith("cannot remove: ");
            });
            assertThat(w.stats().lastErrors()).anyMatch(e -> e.startsWith(orphan + ": cannot remove: "));
        } finally {
            ReadOnly.unlock(pycache);
        }
    }

    @Test
    void aReconcileAfterGitReleasesItsLockReportsEachErrorOnce() throws Exception {
        Caches py = Caches.oracle(oracleWork);
        Path root = tmp.toRealPath().resolve("repo");
        Git.init(root, tmp.resolve("home"));
        Files.writeString(root.resolve("a.py"), "a = 1\n");
        Recorder events = new Recorder();
        // A long settle: the broken file is still settling when git releases its lock.
        WatchSettings ws = WatchSettings.defaults().withSettle(Duration.ofSeconds(1));
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, ws, events)) {
            w.add(List.of(root));
            Path lock = Files.writeString(root.resolve(".git/index.lock"), "");
            Files.writeString(root.resolve("a.py"), "a = 'checked out'\n");
            await().atMost(AT_MOST).until(w::holding);
            Path bad = Files.writeString(root.resolve("bad.py"), "def f(:\n");
            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(5)).until(() -> w.settling(bad) || !w.holding());
            Files.delete(lock);
            await().atMost(AT_MOST).until(() -> !w.holding() && w.idle());
            assertThat(events.of(WatchEvent.Error.class)).extracting(e -> e.failure().source()).containsExactly(bad);
            assertThat(py.right(root.resolve("a.py"))).isTrue();
        }
    }

    @Test
    void changesAreHeldWhileGitHoldsItsIndexLockThenReconciled() throws Exception {
        Caches py = Caches.oracle(oracleWork);
        Path root = tmp.toRealPath().resolve("repo");
        Git.init(root, tmp.resolve("home"));
        Path f = Files.writeString(root.resolve("m.py"), "m = 1\n");
        Recorder events = new Recorder();
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, WatchSettings.defaults(),
                events)) {
            w.add(List.of(root));
            Path lock = Files.writeString(root.resolve(".git/index.lock"), "");
            Files.writeString(f, "m = 'checked out'\n");
            events.clear();
            await().atMost(AT_MOST).until(w::holding);
            assertThat(events.of(WatchEvent.Compiled.class)).isEmpty();
            assertThat(py.right(f)).isFalse();
            Files.delete(lock);
            await().atMost(AT_MOST).until(() -> py.right(f));
            assertThat(events.of(WatchEvent.Rescan.class)).anyMatch(r -> r.why().contains("index lock"));
        }
    }

    @Test
    void aLinkedWorktreeIsHeldByItsOwnIndexLock() throws Exception {
        Caches py = Caches.oracle(oracleWork);
        Git main = Git.init(tmp.toRealPath().resolve("main"), tmp.resolve("home"));
        main.write("top.py", "t = 1\n");
        main.run("add", ".");
        main.run("commit", "-qm", "init");
        Path wt = tmp.toRealPath().resolve("wt");
        main.run("worktree", "add", "-q", wt.toString());
        Path f = wt.resolve("top.py");
        Recorder events = new Recorder();
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, WatchSettings.defaults(), events)) {
            w.add(List.of(wt));
            // git working in the worktree locks .git/worktrees/wt/index: changes wait for it
            Path lock = Files.writeString(main.dir().resolve(".git/worktrees/wt/index.lock"), "");
            Files.writeString(f, "t = 'checked out'\n");
            await().atMost(AT_MOST).until(w::holding);
            assertThat(py.right(f)).isFalse();
            Files.delete(lock);
            await().atMost(AT_MOST).until(() -> py.right(f));
            // the main working tree's lock is another repository's business
            Files.writeString(main.dir().resolve(".git/index.lock"), "");
            Files.writeString(f, "t = 'edited'\n");
            await().atMost(AT_MOST).until(() -> py.right(f));
            assertThat(w.holding()).isFalse();
        }
    }

    @Test
    void gitIgnoredFoldersAreNeitherWatchedNorCompiled() throws Exception {
        Caches py = Caches.oracle(oracleWork);
        Path root = tmp.toRealPath().resolve("repo");
        Git.init(root, tmp.resolve("home"));
        Files.writeString(root.resolve(".gitignore"), "build/\n");
        Files.writeString(root.resolve(".git/info/exclude"), "scratch\n");
        Path build = Files.createDirectories(root.resolve("build/lib"));
        Path scratch = Files.createDirectories(root.resolve("src/scratch"));
        Files.writeString(build.resolve("b.py"), "b = 1\n");
        Files.writeString(scratch.resolve("s.py"), "s = 1\n");
        Path src = Files.writeString(root.resolve("src/ok.py"), "ok = 1\n");
        Recorder events = new Recorder();
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1,
                WatchSettings.defaults().withRespectGitignore(true), events)) {
            WatchEvent.Ready ready = w.add(List.of(root));
            assertThat(ready.files()).isEqualTo(1);
            assertThat(py.right(src)).isTrue();
            Files.writeString(build.resolve("b2.py"), "b = 2\n");
            Path later = Files.writeString(root.resolve("src/later.py"), "l = 1\n");
            await().atMost(AT_MOST).until(() -> py.right(later));
            assertThat(build.resolve("__pycache__")).doesNotExist();
            assertThat(scratch.resolve("__pycache__")).doesNotExist();
        }
    }

    @Test
    void foldersBeyondTheWatchLimitArePolledAndTheUserIsToldOnce() throws Exception {
        Caches py = Caches.oracle(oracleWork);
        Path root = tmp.toRealPath();
        Path sub = Files.createDirectories(root.resolve("a/b"));
        Path f = Files.writeString(sub.resolve("deep.py"), "d = 1\n");
        Recorder events = new Recorder();
        WatchSettings ws = WatchSettings.defaults().withMaxWatches(1).withPollInterval(Duration.ofMillis(100));
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, ws, events)) {
            w.add(List.of(root));
            assertThat(py.right(f)).isTrue();
            assertThat(w.counts(root).orElseThrow().polledFolders()).isEqualTo(1);
            List<WatchEvent.Unwatchable> unwatchable = events.of(WatchEvent.Unwatchable.class);
            assertThat(unwatchable).hasSize(1);
            assertThat(unwatchable.get(0).first()).isTrue();
            assertThat(unwatchable.get(0).folder()).isEqualTo(root.resolve("a"));
            assertThat(unwatchable.get(0).message()).contains("sysctl fs.inotify.max_user_watches=");
            Files.writeString(f, "d = 'polled'\n");
            Path created = Files.writeString(Files.createDirectories(sub.resolve("c")).resolve("new.py"), "n = 1\n");
            await().atMost(AT_MOST).until(() -> py.right(f) && py.right(created));
            Files.delete(created);
            await().atMost(AT_MOST).until(() -> !Files.exists(py.cacheOf(created)));
            assertThat(events.of(WatchEvent.Unwatchable.class)).filteredOn(WatchEvent.Unwatchable::first).hasSize(1);
        }
    }
}
