package io.pycd.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pycd.cache.CacheLayout;
import io.pycd.cache.CacheState;
import io.pycd.cache.Freshness;
import io.pycd.cache.InvalidationMode;
import io.pycd.interpreter.Interpreter;
import io.pycd.settings.CodeFileNames;
import io.pycd.settings.CompileSettings;
import io.pycd.status.SourceStatus;
import io.pycd.testing.Compiling;
import io.pycd.testing.Processes;
import io.pycd.testing.Py;
import io.pycd.testing.TestFiles;
import io.pycd.tree.SourceWalker;
import io.pycd.tree.TreeRules;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes a cache stale, decided in Java from its header, and that pycd recompiles exactly those. */
class StalenessTest {

    @TempDir
    Path tmp;

    Interpreter python;
    Path root;
    Path source;
    Path cache;

    @BeforeEach
    void compileOnce() {
        python = Py.get("3.12");
        root = tmp.resolve("t");
        source = TestFiles.write(root.resolve("a.py"), "x = 1\n");
        TestFiles.write(root.resolve("b.py"), "y = 2\n");
        cache = root.resolve("__pycache__/a." + python.cacheTag() + ".pyc");
        assertThat(Compiling.compile(Compiling.settings(python), root).written()).hasSize(2);
    }

    private CompileReport again(boolean force) {
        return Compiling.compile(Compiling.settings(python), force, root);
    }

    private void assertRecompiledOnlyA(String why) {
        CompileReport r = again(false);
        assertThat(r.written()).as(why).extracting(CompileResult::source).containsExactly(source);
        assertThat(r.fresh()).isEqualTo(1);
        assertThat(again(false).written()).as(why + ", then fresh").isEmpty();
    }

    private void editCache(Consumer<byte[]> edit) throws IOException {
        byte[] b = Files.readAllBytes(cache);
        edit.accept(b);
        Files.write(cache, b);
    }

    @Test
    void freshTreeCompilesNothing() {
        CompileReport r = again(false);
        assertThat(r.written()).isEmpty();
        assertThat(r.fresh()).isEqualTo(2);
    }

    @Test
    void mtimeChange() throws IOException {
        FileTime t = Files.getLastModifiedTime(source);
        Files.setLastModifiedTime(source, FileTime.fromMillis(t.toMillis() + 5_000));
        assertRecompiledOnlyA("mtime changed");
    }

    /** compileall only compares the mtime and misses this; import would reject the cache, so pycd must see it. */
    @Test
    void sizeChangeWithTheSameMtime() throws IOException {
        FileTime t = Files.getLastModifiedTime(source);
        Files.writeString(source, "x = 12\n");
        Files.setLastModifiedTime(source, t);
        assertRecompiledOnlyA("size changed");
        Processes.Run run = Py.run(python, List.of("-B", "-c", "import sys; sys.path.insert(0, sys.argv[1]); import a; print(a.x)",
                root.toString()));
        assertThat(run.ok().out().strip()).isEqualTo("12");
    }

    @Test
    void wrongMagic() throws IOException {
        editCache(b -> b[0] ^= 1);
        assertRecompiledOnlyA("wrong magic");
    }

    @Test
    void wrongFlags() throws IOException {
        editCache(b -> b[4] = 4);
        assertRecompiledOnlyA("flags 4");
        editCache(b -> b[4] = 2);
        assertRecompiledOnlyA("flags 2");
    }

    @Test
    void timestampCacheWhenHashWasAskedForIsStale() {
        CompileSettings hash = Compiling.settings(List.of(python), List.of(0), InvalidationMode.CHECKED_HASH,
                new CacheLayout.Pycache(), CodeFileNames.absolute(), false);
        assertThat(Compiling.compile(hash, root).written()).hasSize(2);
        assertThat(Compiling.compile(hash, root).fresh()).isEqualTo(2);
    }

    @Test
    void truncatedHeaderAndHeaderOnly() throws IOException {
        byte[] full = Files.readAllBytes(cache);
        Files.write(cache, Arrays.copyOf(full, 10));
        assertRecompiledOnlyA("10-byte file");
        Files.write(cache, Arrays.copyOf(Files.readAllBytes(cache), 16));
        assertRecompiledOnlyA("header only");
        Files.write(cache, new byte[0]);
        assertRecompiledOnlyA("empty");
    }

    @Test
    void hashMismatchForEveryHashMode() throws IOException {
        for (InvalidationMode mode : List.of(InvalidationMode.CHECKED_HASH, InvalidationMode.UNCHECKED_HASH)) {
            CompileSettings s = Compiling.settings(List.of(python), List.of(0), mode, new CacheLayout.Pycache(),
                    CodeFileNames.absolute(), false);
            Compiling.compile(s, true, root);
            FileTime t = Files.getLastModifiedTime(source);
            Files.writeString(source, "x = " + (mode.flags() + 2) + "\n"); // same size, same mtime: only the hash tells
            Files.setLastModifiedTime(source, t);
            CompileReport r = Compiling.compile(s, root);
            assertThat(r.written()).as(mode.cliName()).extracting(CompileResult::source).containsExactly(source);
            try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
                f.seek(8);
                f.write(~f.read()); // damage the stored hash
            }
            assertThat(Compiling.compile(s, root).written()).as(mode.cliName() + " damaged hash").hasSize(1);
            assertThat(Compiling.compile(s, root).written()).isEmpty();
        }
    }

    @Test
    void forceRecompilesEverything() {
        CompileReport r = again(true);
        assertThat(r.written()).hasSize(2);
        assertThat(r.fresh()).isZero();
    }

    @Test
    void symlinkedCacheIsStaleAndNotFollowed() throws IOException {
        Path elsewhere = Files.copy(cache, tmp.resolve("elsewhere.pyc"));
        Files.delete(cache);
        Files.createSymbolicLink(cache, elsewhere);
        CompileSettings s = Compiling.settings(python);
        var src = new SourceWalker(TreeRules.none(), -1).walk(List.of(source)).sources().get(0);
        assertThat(SourceStatus.of(s, Freshness.asRequested(s.mode()), source, python,
                Freshness.Source.of(source, src.size(), src.modified())).get(0).state())
                .isEqualTo(new CacheState.Stale("cache is a symlink"));
        CompileReport r = again(false);
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo(CompileError.Own.WRITE_ERROR);
            assertThat(f.message()).contains("symlink");
        });
        assertThat(Files.readAllBytes(elsewhere)).isEqualTo(Files.readAllBytes(cache));
    }

    /** Nothing stale: no Python starts at all (counted by a logging wrapper around the real interpreter). */
    @Test
    void freshTreeStartsNoWorker() {
        Path log = tmp.resolve("starts.log");
        Interpreter logged = Py.logging(python, tmp, log, "");
        CompileSettings s = Compiling.settings(logged);
        AtomicInteger jobs = new AtomicInteger(-1);
        CompileListener listener = new CompileListener() {
            @Override
            public void planned(int sources, int fresh, int n) {
                jobs.set(n);
            }
        };
        try {
            CompileReport r = new TreeCompiler(s, new SourceWalker(TreeRules.none(), -1), false)
                    .compile(List.of(root), listener);
            assertThat(r.fresh()).isEqualTo(2);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(jobs.get()).isZero();
        assertThat(TestFiles.lines(log)).isEmpty();
        try (CacheCompiler c = new CacheCompiler(s)) {
            assertThat(c.workersStarted()).isZero();
        }
        // and the wrapper does count: a forced run starts workers
        assertThat(Compiling.compile(s, true, root).written()).hasSize(2);
        assertThat(TestFiles.lines(log)).isNotEmpty();
    }
}
