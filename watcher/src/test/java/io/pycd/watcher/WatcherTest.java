package io.pycd.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pycd.tree.TreeRules;
import io.pycd.watcher.events.WatchEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** End to end: one watcher over a real tree, real editors' save patterns, a real interpreter checking caches. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatcherTest {

    static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    Path root;
    Caches py;
    Recorder events = new Recorder();
    Watcher watcher;

    @BeforeAll
    void start() throws IOException {
        py = Caches.oracle(Files.createDirectories(tmp.toRealPath().resolve("oracle")));
        root = tmp.toRealPath().resolve("tree");
        Files.createDirectories(root);
        write(root.resolve("top.py"), "print('top')\n");
        watcher = new Watcher(py.settings(), TreeRules.none(), -1, WatchSettings.defaults(), events);
        WatchEvent.Ready ready = watcher.add(List.of(root));
        assertThat(ready.files()).isEqualTo(1);
        assertThat(py.problems(List.of(root.resolve("top.py")))).isEmpty();
    }

    @AfterAll
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    void awaitRight(Path source) {
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(50)).until(() -> py.right(source));
    }

    Path folder(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    @Test
    void inPlaceWriteWithoutTruncation() throws IOException {
        Path f = folder("inplace").resolve("m.py");
        write(f, "a = 1111\n");
        awaitRight(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("b = 2222\n".getBytes(StandardCharsets.UTF_8)));
        }
        awaitRight(f);
    }

    @Test
    void truncateThenWriteLikeVsCode() throws IOException {
        Path f = folder("vscode").resolve("m.py");
        write(f, "x = 'first'\n");
        awaitRight(f);
        write(f, "");
        write(f, "x = 'second version'\n");
        awaitRight(f);
    }

    @Test
    void vimWritesBackupThenNewFile() throws IOException {
        Path dir = folder("vim");
        Path f = dir.resolve("m.py");
        write(f, "v = 1\n");
        awaitRight(f);
        write(dir.resolve(".m.py.swp"), "swap");
        Path probe = dir.resolve("4913");
        write(probe, "");
        Files.delete(probe);
        Files.move(f, dir.resolve("m.py~"));
        write(f, "v = 'written by vim'\n");
        Files.delete(dir.resolve("m.py~"));
        Files.delete(dir.resolve(".m.py.swp"));
        awaitRight(f);
        assertThat(names(dir.resolve("__pycache__"))).containsExactly("m." + py.interpreter.cacheTag() + ".pyc");
    }

    @Test
    void jetBrainsSafeWrite() throws IOException {
        Path dir = folder("jetbrains");
        Path f = dir.resolve("m.py");
        write(f, "j = 1\n");
        awaitRight(f);
        Path tmpFile = dir.resolve("m.py___jb_tmp___");
        Path old = dir.resolve("m.py___jb_old___");
        write(tmpFile, "j = 'safe write'\n");
        Files.move(f, old);
        Files.move(tmpFile, f);
        Files.delete(old);
        awaitRight(f);
        assertThat(names(dir.resolve("__pycache__"))).containsExactly("m." + py.interpreter.cacheTag() + ".pyc");
    }

    @Test
    void tempThenAtomicRename() throws IOException {
        Path dir = folder("atomic");
        Path f = dir.resolve("m.py");
        write(f, "t = 1\n");
        awaitRight(f);
        Path t = dir.resolve(".m.py.tmp12345");
        write(t, "t = 'atomically replaced'\n");
        Files.move(t, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitRight(f);
    }

    @Test
    void aRootRemovedAndMadeAgainIsWatchedAgain() throws Exception {
        // rm -rf proj && git clone ... proj: the old folder's watch ends with it; no watch sees the new one
        Path doomed = Files.createDirectories(tmp.toRealPath().resolve("doomed"));
        write(doomed.resolve("first.py"), "f = 1\n");
        Recorder own = new Recorder();
        try (Watcher w = new Watcher(py.settings(), TreeRules.none(), -1, WatchSettings.defaults(), own)) {
            w.add(List.of(doomed));
            assertThat(py.right(doomed.resolve("first.py"))).isTrue();

            assertThat(new ProcessBuilder("rm", "-rf", doomed.toString()).inheritIO().start().waitFor()).isZero();
            await().atMost(AT_MOST).until(() -> own.of(WatchEvent.Rescan.class).stream()
                    .anyMatch(r -> r.why().equals(doomed + " was removed")));
            Files.createDirectories(doomed);
            Path again = doomed.resolve("again.py");
            write(again, "a = 1\n");
            awaitRight(again);
            // No "is back" rescan is asserted: when the rescan for the removal runs after the folder was made again
            // (a busy machine), it watches the new folder at once and there is nothing to come back from. Either
            // way, what counts is below: the new folder's own watch sees edits.

            Path edited = doomed.resolve("edited.py");
            write(edited, "e = 1\n");
            awaitRight(edited);
            write(edited, "e = 22\n");
            awaitRight(edited); // by the new folder's watch: the root is not polled any more
            assertThat(w.rootOf(doomed).orElseThrow().polled.size()).isZero();
        }
    }

    @Test
    void deleteRemovesTheCachesAndTheEmptyPycache() throws IOException {
        Path dir = folder("delete");
        Path f = dir.resolve("gone.py");
        write(f, "g = 1\n");
        awaitRight(f);
        Files.delete(f);
        await().atMost(AT_MOST).until(() -> !Files.exists(dir.resolve("__pycache__")));
        assertThat(events.of(WatchEvent.Removed.class)).anyMatch(r -> r.cache().equals(py.cacheOf(f)));
    }

    @Test
    void renameMovesTheCache() throws IOException {
        Path dir = folder("rename");
        Path a = dir.resolve("old_name.py");
        write(a, "r = 1\n");
        awaitRight(a);
        Path b = dir.resolve("new_name.py");
        Files.move(a, b);
        awaitRight(b);
        await().atMost(AT_MOST).until(() -> !Files.exists(py.cacheOf(a)));
    }

    @Test
    void newNestedFoldersWrittenAtOnce() throws IOException {
        Path deep = Files.createDirectories(root.resolve("nested/a/b/c"));
        List<Path> files = new ArrayList<>();
        for (Path d = deep; !d.equals(root); d = d.getParent()) {
            Path f = d.resolve("mod_" + d.getFileName() + ".py");
            write(f, "name = '" + d.getFileName() + "'\n");
            files.add(f);
        }
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(100)).until(() -> py.problems(files).isEmpty());
    }

    @Test
    void sameSecondSameSizeEditsAreRecompiled() throws IOException {
        Path f = folder("samesecond").resolve("m.py");
        write(f, "value = 1\n");
        awaitRight(f);
        FileTime before = Files.getLastModifiedTime(f);
        for (int i = 2; i <= 5; i++) {
            write(f, "value = " + i + "\n");
            Files.setLastModifiedTime(f, before); // same second, same size: the header alone would look fresh
            awaitRight(f);
        }
    }

    @Test
    void syntaxErrorIsReportedItsCacheRemovedAndTheFixCompiled() throws IOException {
        Path f = folder("syntax").resolve("m.py");
        write(f, "ok = True\n");
        awaitRight(f);
        write(f, "def broken(:\n    pass\n");
        await().atMost(AT_MOST).until(() -> events.of(WatchEvent.Error.class).stream()
                .map(WatchEvent.Error::failure)
                .anyMatch(e -> e.source().equals(f) && e.line() == 1 && e.error().label().equals("SyntaxError")));
        await().atMost(AT_MOST).until(() -> !Files.exists(py.cacheOf(f)));
        write(f, "def fixed():\n    pass\n");
        awaitRight(f);
    }

    @Test
    void aSyntaxWarningOfASourceThatCompilesIsAWarningEvent() throws IOException {
        Path f = folder("warns").resolve("m.py");
        write(f, "if 1 is 1:\n    pass\n");
        awaitRight(f);
        await().atMost(AT_MOST).until(() -> events.of(WatchEvent.Warning.class).stream()
                .anyMatch(w -> w.message().startsWith(f + ":1: SyntaxWarning: ")));
    }

    @Test
    void skippedFoldersAreNotCompiled() throws IOException {
        Path venv = folder("venv_here");
        write(venv.resolve("pyvenv.cfg"), "home = /usr\n");
        Path nm = folder("node_modules");
        write(venv.resolve("inside.py"), "x = 1\n");
        write(nm.resolve("inside.py"), "x = 1\n");
        Path marker = folder("skipmarker").resolve("m.py");
        write(marker, "m = 1\n");
        awaitRight(marker);
        assertThat(venv.resolve("__pycache__")).doesNotExist();
        assertThat(nm.resolve("__pycache__")).doesNotExist();
    }

    @Test
    void stormOfTwoThousandRewrittenFiles() throws IOException {
        Path storm = folder("storm");
        List<Path> files = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(storm.resolve("pkg" + d));
            for (int i = 0; i < 100; i++) {
                files.add(dir.resolve("m" + i + ".py"));
            }
        }
        for (Path f : files) {
            write(f, "VALUE = 1\n");
        }
        Supplier<Boolean> allRight = () -> py.problems(files).isEmpty();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(allRight::get);
        for (Path f : files) {
            write(f, "VALUE = 'rewritten by a branch switch'\n");
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(allRight::get);
        await().atMost(AT_MOST).until(watcher::idle);
    }

    static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
